/**
 * Router metrics through the OpenTelemetry API (exported in Prometheus format when the Router
 * runs with --metrics-port; no-ops otherwise): players per node, placements, event subscribers.
 * RPC latency histograms come from the common gRPC server wrapper.
 */
import { metrics } from "@opentelemetry/api";
import type { NodeDirectory } from "./nodes/node-directory";
import type { EventHub } from "./events/event-hub";

/** Registers the Router's gauges and returns the placement counter's `add`. */
export function registerRouterMetrics(directory: NodeDirectory, hub: EventHub): { placed(nodeId: string, reason: string): void } {
  const meter = metrics.getMeter("pyro-router");
  meter.createObservableGauge("pyro_node_players", { description: "Players on each node (Lavalink stats)" }).addCallback((r) => {
    for (const n of directory.list()) r.observe(n.record.stats?.players ?? 0, { node: n.record.nodeId, state: n.record.state });
  });
  meter.createObservableGauge("pyro_node_up", { description: "1 when the Router's stream to the node is open and its lease held" }).addCallback((r) => {
    for (const n of directory.list()) r.observe(directory.usable(n) ? 1 : 0, { node: n.record.nodeId });
  });
  meter.createObservableGauge("pyro_event_subscribers", { description: "Open WatchEvents and Session subscriptions" }).addCallback((r) => r.observe(hub.subscriberCount));
  const placements = meter.createCounter("pyro_placements_total", { description: "Players placed on a node (new, failover, drain, move)" });
  return { placed: (nodeId, reason) => placements.add(1, { node: nodeId, reason }) };
}
