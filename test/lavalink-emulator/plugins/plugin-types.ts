/**
 * The contract of a simulated Lavalink plugin inside the emulator. A plugin adds REST routes (served
 * after the core routes, like a Spring controller a real plugin registers), optional source managers
 * (identifier prefixes it resolves and `sourceName`s it can decode), and per-player behaviour driven by
 * the emulator's single scheduler tick (events it sends while a track plays).
 */
import type { JsonObject } from "../json";
import type { EmulatorPlayer } from "../player";
import type { LavalinkSession } from "../session";
import type { TrackFields } from "../track-codec";

/** An entry of `/v4/info` `plugins`. */
export interface PluginInfo {
  name: string;
  version: string;
}

/** What a plugin route answers: a JSON body (status 200 unless given) or an empty reply. */
export type PluginReply = { status: number; body?: unknown };

/** The request a plugin route handles; path parameters are URL-decoded. */
export interface PluginRequest {
  params: string[];
  query: URLSearchParams;
  /** Parsed JSON body; undefined for routes without a body. */
  body: unknown;
  /** An OPEN session by id, or throws Lavalink's 404 `Session not found`. */
  session(sessionId: string): LavalinkSession;
  /** Decodes a client track blob with the sources this emulator has, or throws a 400. */
  decodeTrack(encoded: string): TrackFields;
}

/** One REST route of a plugin. */
export interface PluginRoute {
  method: string;
  pattern: RegExp;
  /** True for routes with a JSON request body (415 unless Content-Type is JSON). */
  hasBody: boolean;
  handler(req: PluginRequest): PluginReply;
}

/** A simulated plugin. */
export interface EmulatorPlugin {
  /** The plugin's switch name on the emulator command line (`--plugin lyrics`). */
  readonly id: string;
  /** What `/v4/info` lists for it (a plugin bundle may list more than one entry). */
  readonly info: readonly PluginInfo[];
  /** Source managers it adds to `/v4/info` `sourceManagers` (and can decode). */
  readonly sourceManagers: readonly string[];
  /** Plugin filters it adds (`/v4/info` `filters`, keys of `pluginFilters`), each with its validator. */
  readonly filters?: Readonly<Record<string, (value: unknown) => JsonObject>>;
  readonly routes: readonly PluginRoute[];
  /** Resolves an identifier of one of its sources; undefined when the prefix is not its own. */
  resolve?(identifier: string): TrackFields | "empty" | undefined;
  /** Called once per scheduler tick for each player of each OPEN or PAUSED session. */
  tick?(session: LavalinkSession, player: EmulatorPlayer, clockNowMs: number): void;
}
