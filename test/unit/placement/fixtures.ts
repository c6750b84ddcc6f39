import type { NodeSnapshot } from "../../../services/router/src/placement";

/** A healthy, empty, region-less node with no stats; override what a test needs. */
export function node(nodeId: string, overrides: Partial<NodeSnapshot> = {}): NodeSnapshot {
  return { nodeId, region: "", capacity: 0, state: "up", alive: true, players: 0, pending: 0, ...overrides };
}

/** Stats with the given system load and playing players, no frame stats. */
export function stats(systemLoad: number, playingPlayers = 0): NonNullable<NodeSnapshot["stats"]> {
  return { players: playingPlayers, playingPlayers, cpu: { cores: 4, systemLoad, lavalinkLoad: systemLoad / 2 } };
}
