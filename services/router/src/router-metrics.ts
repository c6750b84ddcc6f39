/**
 * The Router's metrics through the OpenTelemetry API (exported in Prometheus format with
 * --metrics-port; no-ops otherwise). Naming follows Prometheus conventions: `pyro_` prefix, base
 * units, `_total` on counters, and no changing state in labels (a node's state is the 0/1 gauge
 * set `pyro_node_state{state}`).
 *
 * Lavalink's own per-node statistics are re-exported as `pyro_lavalink_*{node}` from the stats
 * each node last reported (the names follow Lavalink 4's `/metrics`: `lavalink_players_total` →
 * `pyro_lavalink_players`, `lavalink_playing_players_total` → `pyro_lavalink_playing_players`,
 * `lavalink_memory_used_bytes` → `pyro_lavalink_memory_used_bytes`,
 * `lavalink_cpu_lavalink_load_percentage` → `pyro_lavalink_cpu_lavalink_load_ratio`). Every
 * Router exports the same figures for every node, so dashboards aggregate them with `max by (node)`.
 * RPC latency comes from the common gRPC server wrapper, registry latency from the instrumented
 * registry.
 */
import type { Counter, Histogram } from "@opentelemetry/api";
import { pyroMeter } from "../../common/src/telemetry/pyro-meter";
import { NODE_STATES } from "../../common/src/registry/types";
import type { NodeDirectory } from "./nodes/node-directory";
import type { EventHub } from "./events/event-hub";

/** Buckets of operations that span several RPCs (failover, drain), in seconds. */
const OPERATION_BUCKETS_S = [0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 20, 30, 60, 120, 300];

/** What the Router's components record. Every method is cheap and never throws. */
export interface RouterMetrics {
  /** A player was placed on `nodeId`; `reason` is `new` or a MoveReason name. */
  placed(nodeId: string, reason: string): void;
  /** One placement decision took `seconds`. */
  placement(seconds: number, outcome: "chosen" | "no_node"): void;
  /** A failover of one dead node finished: its duration and how many players moved or did not. */
  failover(seconds: number, moved: number, failed: number): void;
  /** A drain finished. */
  drain(seconds: number, moved: number, failed: number): void;
  /** The rebalancer moved one player. */
  rebalanced(): void;
  /** Sets where `pyro_players_awaiting_node` reads its value (the failover manager). */
  observeAwaitingNode(count: () => number): void;
}

/** Metrics that record nothing (components built without telemetry, tests). */
export const NO_ROUTER_METRICS: RouterMetrics = {
  placed: () => undefined, placement: () => undefined, failover: () => undefined, drain: () => undefined, rebalanced: () => undefined, observeAwaitingNode: () => undefined,
};

/** Registers the Router's gauges and returns the recorders its components call. */
export function registerRouterMetrics(directory: NodeDirectory, hub: EventHub): RouterMetrics {
  const meter = pyroMeter();
  meter.createObservableGauge("pyro_node_up", { description: "1 when this Router's stream to the node is open and the node's lease is held" }).addCallback((r) => {
    for (const n of directory.list()) r.observe(directory.usable(n) ? 1 : 0, { node: n.record.nodeId });
  });
  meter.createObservableGauge("pyro_node_state", { description: "1 for the node's current lifecycle state (up, cordoned, draining, down), 0 for the others" }).addCallback((r) => {
    for (const n of directory.list()) for (const state of NODE_STATES) r.observe(n.record.state === state ? 1 : 0, { node: n.record.nodeId, state });
  });
  meter.createObservableGauge("pyro_node_capacity_players", { description: "Maximum players placement puts on the node (--capacity)" }).addCallback((r) => {
    for (const n of directory.list()) r.observe(n.record.capacity, { node: n.record.nodeId });
  });
  const stat = (name: string, description: string, unit: string | undefined, pick: (s: NonNullable<ReturnType<NodeDirectory["list"]>[number]["record"]["stats"]>) => number | undefined): void => {
    meter.createObservableGauge(name, { description, ...(unit ? { unit } : {}) }).addCallback((r) => {
      for (const n of directory.list()) {
        const v = n.record.stats ? pick(n.record.stats) : undefined;
        if (v !== undefined) r.observe(v, { node: n.record.nodeId });
      }
    });
  };
  stat("pyro_lavalink_players", "Players on the node's Lavalink (Lavalink: lavalink_players_total)", undefined, (s) => s.players);
  stat("pyro_lavalink_playing_players", "Players playing on the node's Lavalink (Lavalink: lavalink_playing_players_total)", undefined, (s) => s.playingPlayers);
  stat("pyro_lavalink_uptime_seconds", "Uptime of the node's Lavalink, in seconds", "s", (s) => s.uptimeMs / 1000);
  stat("pyro_lavalink_memory_used_bytes", "JVM memory used by the node's Lavalink, in bytes", "By", (s) => s.memory?.used);
  stat("pyro_lavalink_memory_allocated_bytes", "JVM memory allocated by the node's Lavalink, in bytes", "By", (s) => s.memory?.allocated);
  stat("pyro_lavalink_cpu_lavalink_load_ratio", "CPU load of the node's Lavalink process, 0..1 (Lavalink: lavalink_cpu_lavalink_load_percentage)", undefined, (s) => s.cpu?.lavalinkLoad);
  stat("pyro_lavalink_cpu_system_load_ratio", "CPU load of the node's host, 0..1", undefined, (s) => s.cpu?.systemLoad);
  stat("pyro_lavalink_frames_sent", "Audio frames sent to Discord in the last minute (average per player)", undefined, (s) => s.frameStats?.sent);
  stat("pyro_lavalink_frames_nulled", "Nulled audio frames in the last minute (average per player)", undefined, (s) => s.frameStats?.nulled);
  stat("pyro_lavalink_frames_deficit", "Missing audio frames in the last minute (average per player)", undefined, (s) => s.frameStats?.deficit);
  meter.createObservableGauge("pyro_lavanode_streams", { description: "Open Connect streams from this Router to Lavanodes" }).addCallback((r) =>
    r.observe(directory.list().filter((n) => n.link?.connected === true).length));
  meter.createObservableGauge("pyro_event_subscribers", { description: "Open WatchEvents and Session subscriptions" }).addCallback((r) => r.observe(hub.subscriberCount));
  meter.createObservableCounter("pyro_event_deliveries_total", { description: "Events handed to subscribers (one per subscriber reached)" }).addCallback((r) => r.observe(hub.deliveredCount));
  const events = meter.createCounter("pyro_events_total", { description: "Events this Router saw (Lavalink events from its links, Pyro events from the bus), by kind" });
  hub.tap((e) => events.add(1, { kind: e.kind?.$case ?? "unknown" }));
  const placements = meter.createCounter("pyro_placements_total", { description: "Players placed on a node (new, failover, drain, move, rebalance)" });
  const placementSeconds = meter.createHistogram("pyro_placement_duration_seconds", { description: "Time to choose a node for a player, in seconds", unit: "s", advice: { explicitBucketBoundaries: [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05] } });
  const operation = (name: string, what: string): { runs: Counter; moves: Counter; seconds: Histogram } => ({
    runs: meter.createCounter(`pyro_${name}s_total`, { description: `${what} runs finished` }),
    moves: meter.createCounter(`pyro_${name}_moves_total`, { description: `Players ${what} tried to move, by result (moved, failed)` }),
    seconds: meter.createHistogram(`pyro_${name}_duration_seconds`, { description: `Duration of one ${what}, in seconds`, unit: "s", advice: { explicitBucketBoundaries: OPERATION_BUCKETS_S } }),
  });
  let awaiting: () => number = () => 0;
  meter.createObservableGauge("pyro_players_awaiting_node", { description: "Players this Router could not place because no node can take them (they keep their state and wait)" })
    .addCallback((r) => r.observe(awaiting()));
  const failovers = operation("failover", "failover");
  const drains = operation("drain", "drain");
  const rebalanced = meter.createCounter("pyro_rebalance_moves_total", { description: "Players moved by the rebalancer" });
  // Counters exist from the start at 0, so rate() and alerts have a series before the first event.
  for (const o of [failovers, drains]) {
    o.runs.add(0);
    o.moves.add(0, { result: "moved" });
    o.moves.add(0, { result: "failed" });
  }
  rebalanced.add(0);
  const finish = (o: ReturnType<typeof operation>, seconds: number, moved: number, failed: number): void => {
    o.runs.add(1);
    o.moves.add(moved, { result: "moved" });
    o.moves.add(failed, { result: "failed" });
    o.seconds.record(seconds);
  };
  return {
    placed: (nodeId, reason) => placements.add(1, { node: nodeId, reason }),
    placement: (seconds, outcome) => placementSeconds.record(seconds, { outcome }),
    failover: (seconds, moved, failed) => finish(failovers, seconds, moved, failed),
    drain: (seconds, moved, failed) => finish(drains, seconds, moved, failed),
    rebalanced: () => rebalanced.add(1),
    observeAwaitingNode: (count) => (awaiting = count),
  };
}
