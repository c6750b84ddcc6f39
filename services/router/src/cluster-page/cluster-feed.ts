/**
 * What the cluster page shows, as plain JSON: a snapshot of the nodes (state, load, players) and
 * the recent moves, failovers and drain progress this Router saw on its event hub. One feed per
 * Router, shared by every open page; bounded history.
 */
import type { NodeDirectory } from "../nodes/node-directory";
import type { EventHub } from "../events/event-hub";
import { MoveReason, NodeDownReason } from "../../../../gen/ts/pyro/router/v1/event";

/** One node as the page shows it. */
export interface PageNode {
  id: string;
  state: string;
  up: boolean;
  region: string;
  players: number;
  playing: number;
  capacity: number;
  /** Lavalink process CPU load, 0..1; null when unknown. */
  cpu: number | null;
}

/** A line of the page's activity list. */
export type PageActivity =
  | { kind: "move"; at: number; guildId: string; from: string; to: string; reason: string }
  | { kind: "nodeDown"; at: number; nodeId: string; reason: string; orphaned: number }
  | { kind: "nodeUp"; at: number; nodeId: string };

/** Drain progress of one node. */
export interface PageDrain { nodeId: string; moved: number; failed: number; total: number; done: boolean; at: number }

/** Everything the page renders. */
export interface PageSnapshot { nodes: PageNode[]; activity: PageActivity[]; drains: PageDrain[]; at: number }

const MAX_ACTIVITY = 50;

/** The feed: a current snapshot and a listener per open page. */
export interface ClusterFeed {
  snapshot(): PageSnapshot;
  /** Calls `fn` on every new activity or drain update; returns the unsubscribe function. */
  onChange(fn: (what: PageActivity | PageDrain) => void): () => void;
  close(): void;
}

/** Builds the feed over the Router's directory and event hub. */
export function createClusterFeed(directory: NodeDirectory, hub: EventHub, now: () => number = Date.now): ClusterFeed {
  const activity: PageActivity[] = [];
  const drains = new Map<string, PageDrain>();
  const listeners = new Set<(what: PageActivity | PageDrain) => void>();
  const emit = (what: PageActivity | PageDrain): void => {
    for (const fn of listeners) fn(what);
  };
  const add = (a: PageActivity): void => {
    activity.unshift(a);
    activity.length = Math.min(activity.length, MAX_ACTIVITY);
    emit(a);
  };
  const untap = hub.tap((e) => {
    const k = e.kind;
    if (!k) return;
    if (k.$case === "playerMoved") add({ kind: "move", at: now(), guildId: e.guildId, from: k.value.oldNodeId, to: k.value.newNodeId, reason: MoveReason[k.value.reason]?.replace("MOVE_REASON_", "") ?? String(k.value.reason) });
    else if (k.$case === "nodeDown") add({ kind: "nodeDown", at: now(), nodeId: e.nodeId, reason: NodeDownReason[k.value.reason]?.replace("NODE_DOWN_REASON_", "") ?? "", orphaned: k.value.orphanedPlayers });
    else if (k.$case === "nodeUp") add({ kind: "nodeUp", at: now(), nodeId: e.nodeId });
    else if (k.$case === "nodeDraining") {
      const d = { nodeId: e.nodeId, moved: k.value.moved, failed: k.value.failed, total: k.value.total, done: k.value.done, at: now() };
      drains.set(e.nodeId, d);
      emit(d);
    }
  });
  return {
    snapshot: () => ({
      at: now(),
      nodes: directory.list().map((n) => ({
        id: n.record.nodeId, state: n.record.state, up: directory.usable(n), region: n.record.region,
        players: n.record.stats?.players ?? 0, playing: n.record.stats?.playingPlayers ?? 0, capacity: n.record.capacity,
        cpu: n.record.stats?.cpu?.lavalinkLoad ?? null,
      })),
      activity: [...activity],
      drains: [...drains.values()],
    }),
    onChange(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    close() {
      untap();
      listeners.clear();
    },
  };
}
