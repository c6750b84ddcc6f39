/** Everything the RouterService RPCs need, built once by router-app.ts. */
import type { Logger } from "../../../common/src/logger";
import type { Registry } from "../../../common/src/registry/registry";
import type { NodeDirectory } from "../nodes/node-directory";
import type { NodeChooser } from "../nodes/node-chooser";
import type { PlayerManager } from "../players/player-manager";
import type { TrackResolver } from "../players/track-resolver";
import type { EventHub } from "../events/event-hub";
import type { VoiceService } from "../voice/voice-service";
import type { RouterMetrics } from "../router-metrics";

/** Shared dependencies of the RPC handlers. */
export interface RouterContext {
  registry: Registry;
  directory: NodeDirectory;
  chooser: NodeChooser;
  players: PlayerManager;
  tracks: TrackResolver;
  hub: EventHub;
  voice: VoiceService;
  logger: Logger;
  placementSeed: number;
  /** The Router's lifetime: aborted by `stop()`. Background work started by an RPC (a drain) runs under it. */
  lifetime?: AbortSignal;
  /** Player-scoped plugin paths whose calls are recorded and replayed after a move (`--plugin-state-route`; default DEFAULT_PLUGIN_STATE_ROUTES). */
  pluginStateRoutes?: readonly string[];
  /** Failover/drain/rebalance counters; absent in contexts built without telemetry. */
  metrics?: RouterMetrics;
}
