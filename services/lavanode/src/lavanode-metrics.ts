/**
 * The Lavanode's own metrics (exported with --metrics-port; no-ops otherwise): whether its Lavalink
 * session is open and how many players it runs. Lavalink's statistics are re-exported by the
 * Routers (`pyro_lavalink_*{node}`), RPC latency by the common gRPC server wrapper, registry latency
 * by the instrumented registry.
 */
import { pyroMeter } from "../../common/src/telemetry/pyro-meter";
import type { NodeRunner } from "./node/node-runner";

/** Registers the gauges of one Lavanode; `node` labels them (standalone runs several). */
export function registerLavanodeMetrics(node: NodeRunner, nodeId: string): void {
  const meter = pyroMeter();
  meter.createObservableGauge("pyro_lavanode_lavalink_connected", { description: "1 when the Lavanode's Lavalink WebSocket session is open" })
    .addCallback((r) => r.observe(node.status.sessionOpen ? 1 : 0, { node: nodeId }));
  meter.createObservableGauge("pyro_lavanode_players", { description: "Players the Lavanode runs on its Lavalink" })
    .addCallback((r) => r.observe(node.table.size, { node: nodeId }));
}
