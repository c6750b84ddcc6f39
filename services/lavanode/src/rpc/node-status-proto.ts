/** NodeStatusInfo → pyro.lavanode.v1.NodeStatus. */
import type { NodeStatus } from "../../../../gen/ts/pyro/lavanode/v1/lavanode";
import type { NodeStatusInfo } from "../node/node-status";

/** Converts the runner's status to its proto form. */
export function nodeStatusToProto(s: NodeStatusInfo): NodeStatus {
  return {
    nodeId: s.nodeId, region: s.region, capacity: s.capacity, lavalinkUrl: s.lavalinkUrl, sessionOpen: s.sessionOpen,
    sessionId: s.sessionId ?? "", resumed: s.resumed, since: new Date(s.since), userId: s.userId, lavalinkVersion: s.lavalinkVersion,
    capabilities: s.capabilities ? { plugins: s.capabilities.plugins.map((p) => ({ ...p })), sourceManagers: [...s.capabilities.sourceManagers], filters: [...s.capabilities.filters] } : undefined,
  };
}
