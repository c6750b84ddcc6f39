import { MediaClock } from "./clock";
import type { PluginSet } from "./plugins/plugin-set";
import { Counters } from "./counters";
import { RoutePlanner } from "./route-planner";
import { SessionRegistry } from "./sessions";
import { StatsOverrides } from "./stats";
import type { QuirkProfile } from "./quirks";

/** The Lavalink version string the emulator reports (`/version`, `/v4/info`). */
export const EMULATED_VERSION = { semver: "4.2.2", major: 4, minor: 2, patch: 2, preRelease: "" } as const;

/** Shared state the REST, WebSocket and control layers work on. */
export interface EmulatorContext {
  readonly password: string;
  readonly sessions: SessionRegistry;
  readonly routePlanner: RoutePlanner;
  readonly disabledFilters: ReadonlySet<string>;
  /** The simulated plugins this emulator runs (none by default). */
  readonly plugins: PluginSet;
  readonly clock: MediaClock;
  readonly counters: Counters;
  /** Wall time the (emulated) process started; reset by revive. */
  startedAtMs: number;
  statsOverrides: StatsOverrides;
  /** Pending injected REST failures (`failNextRest`). */
  restFailures: { remaining: number; status: number };
  /** Which server the payloads imitate (quirks.ts). */
  readonly quirks: QuirkProfile;
}
