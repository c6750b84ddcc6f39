/** NodeRecord + directory state → pyro.router.v1.Node. */
import type { Node } from "../../../../gen/ts/pyro/router/v1/node";
import { NodeState } from "../../../../gen/ts/pyro/router/v1/node";
import type { NodeState as RecordState } from "../../../common/src/registry/types";
import type { KnownNode } from "./node-directory";

const STATE: Record<RecordState, NodeState> = {
  up: NodeState.NODE_STATE_UP,
  cordoned: NodeState.NODE_STATE_CORDONED,
  draining: NodeState.NODE_STATE_DRAINING,
  down: NodeState.NODE_STATE_DOWN,
};

/** Proto enum of a record state. */
export function nodeStateToProto(s: RecordState): NodeState {
  return STATE[s];
}

/** Record state of a proto enum, or undefined for UNSPECIFIED. */
export function nodeStateFromProto(s: NodeState): RecordState | undefined {
  return (Object.keys(STATE) as RecordState[]).find((k) => STATE[k] === s);
}

/** The Node message. A node whose lease expired is reported DOWN whatever its record says. */
export function nodeToProto(n: KnownNode, usable: boolean, cordonReason = ""): Node {
  const r = n.record;
  const st = r.stats;
  return {
    id: r.nodeId,
    address: r.address,
    region: r.region,
    capacity: r.capacity,
    state: n.leaseHeld ? STATE[r.state] : NodeState.NODE_STATE_DOWN,
    playerCount: st?.players ?? 0,
    playingPlayerCount: st?.playingPlayers ?? 0,
    stats: st ? {
      players: st.players, playingPlayers: st.playingPlayers, uptimeMs: BigInt(st.uptimeMs),
      memory: st.memory ? { free: BigInt(st.memory.free), used: BigInt(st.memory.used), allocated: BigInt(st.memory.allocated), reservable: BigInt(st.memory.reservable) } : undefined,
      cpu: st.cpu, frameStats: st.frameStats ? { ...st.frameStats } : undefined,
    } : undefined,
    sessionId: r.sessionId ?? "",
    lavalinkUrl: r.lavalinkUrl,
    lavalinkConnected: usable && n.link?.status?.sessionOpen === true,
    lastHeartbeat: new Date(r.updatedAt),
    leaseExpiresAt: undefined,
    cordonReason,
    plugins: r.capabilities?.plugins.map((p) => ({ ...p })) ?? [],
    sourceManagers: [...(r.capabilities?.sourceManagers ?? [])],
    filters: [...(r.capabilities?.filters ?? [])],
  };
}
