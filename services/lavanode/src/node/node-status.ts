import type { NodeCapabilities } from "../../../common/src/registry/types";

/** The Lavanode's identity and Lavalink session state, as sent to Routers on the Connect stream. */
export interface NodeStatusInfo {
  nodeId: string;
  region: string;
  capacity: number;
  lavalinkUrl: string;
  userId: string;
  sessionOpen: boolean;
  sessionId: string | null;
  resumed: boolean;
  /** Unix ms of the last session state change. */
  since: number;
  lavalinkVersion: string;
  /** Lavalink's plugins, sources and filters (`/v4/info`); absent until first read. */
  capabilities?: NodeCapabilities;
}
