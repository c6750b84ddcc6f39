/**
 * The plugins one emulator runs, chosen at start (`--plugin lyrics --plugin segment-skip`). Gives the
 * REST router its extra routes, `/v4/info` its `plugins` and extra `sourceManagers`, the catalogue the
 * plugins' identifier prefixes, and the scheduler a per-player tick.
 */
import { LoadResult, resolveIdentifier } from "../catalogue";
import type { EmulatorPlayer } from "../player";
import { decodeClientTrack } from "../track-json";
import type { LavalinkSession } from "../session";
import type { TrackFields } from "../track-codec";
import { createEchoFilterPlugin } from "./echo-filter-plugin";
import type { JsonObject } from "../json";
import { createLyricsPlugin } from "./lyrics-plugin";
import type { EmulatorPlugin, PluginInfo, PluginRoute } from "./plugin-types";
import { createSegmentSkipPlugin } from "./segment-skip-plugin";

const FACTORIES: Record<string, () => EmulatorPlugin> = {
  lyrics: createLyricsPlugin,
  "segment-skip": createSegmentSkipPlugin,
  "echo-filter": createEchoFilterPlugin,
};

/** The plugin switch names the emulator knows. */
export const PLUGIN_IDS: readonly string[] = Object.keys(FACTORIES);

/** The enabled plugins of one emulator. */
export interface PluginSet {
  readonly plugins: readonly EmulatorPlugin[];
  /** `/v4/info` `plugins`. */
  readonly info: readonly PluginInfo[];
  /** Source managers the plugins add. */
  readonly sourceManagers: readonly string[];
  /** Plugin filters the plugins add, with their validators. */
  readonly filters: Readonly<Record<string, (value: unknown) => JsonObject>>;
  readonly routes: readonly PluginRoute[];
  /** Resolves `identifier` with the plugins' sources first, then the core catalogue. Never throws. */
  resolveIdentifier(identifier: string): LoadResult;
  /** `decodeClientTrack` accepting the plugins' sources too (throws as it does). */
  decodeClientTrack(encoded: string): { fields: TrackFields; position: bigint };
  tick(session: LavalinkSession, player: EmulatorPlayer, clockNowMs: number): void;
}

/**
 * Builds the set for the given switch names (duplicates ignored).
 * @throws RangeError for a name not in {@link PLUGIN_IDS}.
 */
export function createPluginSet(ids: readonly string[] = []): PluginSet {
  const plugins = [...new Set(ids)].map((id) => {
    const factory = FACTORIES[id];
    if (!factory) throw new RangeError(`unknown plugin '${id}' (known: ${PLUGIN_IDS.join(", ")})`);
    return factory();
  });
  const sourceManagers = plugins.flatMap((p) => p.sourceManagers);
  return {
    plugins,
    info: plugins.flatMap((p) => p.info),
    sourceManagers,
    filters: Object.assign({}, ...plugins.map((p) => p.filters ?? {})),
    routes: plugins.flatMap((p) => p.routes),
    resolveIdentifier(identifier) {
      for (const p of plugins) {
        const r = p.resolve?.(identifier);
        if (r === "empty") return { loadType: "empty" };
        if (r !== undefined) return { loadType: "track", track: r };
      }
      return resolveIdentifier(identifier);
    },
    decodeClientTrack(encoded) {
      return decodeClientTrack(encoded, sourceManagers);
    },
    tick(session, player, clockNowMs) {
      for (const p of plugins) p.tick?.(session, player, clockNowMs);
    },
  };
}
