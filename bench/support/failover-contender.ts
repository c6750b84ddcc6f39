/** What bench/failover-compare.ts needs from each system it measures. */
import type { Cleanup } from "./cleanup";
import type { FailoverScene } from "./failover-observer";

/** Flags of the emulators of every contender: Lavalink's default playerUpdate interval (5 s), stats every second. */
export const FAILOVER_EMULATOR_ARGS = ["--player-update-interval-ms", "5000", "--stats-interval-ms", "1000"];

/** The track every contender plays: one hour long, so none ends during the run. */
export const FAILOVER_TRACK = "emulator:failover song:3600000";

/** Voice channel id the fake gateway joins. */
export const FAILOVER_CHANNEL = "200000000000000001";

/** Players created concurrently by every contender. */
export const CREATE_CONCURRENCY = 16;

/** A system under test: Pyro, or a client library with its own failover. */
export interface FailoverContender {
  name: string;
  /** How it is configured, printed with the results. */
  config: string;
  /**
   * Starts fresh emulators (indexes are node indexes) and everything else it needs, creates and
   * starts one player per guild, spread over the nodes, and returns the scene. Registers every
   * teardown step with `cleanup`.
   */
  setup(guilds: string[], cleanup: Cleanup): Promise<FailoverScene>;
  /** Called right before emulator `victim` is killed: arms the contender's own probes. */
  arm?(victim: number): void | Promise<void>;
  /** What the contender's own instrumentation saw (move errors, events), printed under the table. */
  notes?(): string[];
}
