/**
 * RPC latency histogram and counters through the OpenTelemetry metrics API. When no SDK is started
 * the API is a no-op, so recording costs almost nothing.
 */
import { metrics, type Histogram } from "@opentelemetry/api";
import { status } from "@grpc/grpc-js";

/** Records one finished RPC. */
export interface RpcMetrics {
  record(method: string, code: status, startedNs: bigint): void;
}

/** Creates the `rpc_server_duration_ms` histogram for the given meter name (service). */
export function createRpcMetrics(meterName: string): RpcMetrics {
  const histogram: Histogram = metrics.getMeter(meterName).createHistogram("rpc_server_duration_ms", {
    description: "Server-side RPC latency in milliseconds",
    unit: "ms",
  });
  return {
    record(method, code, startedNs) {
      const ms = Number(process.hrtime.bigint() - startedNs) / 1e6;
      histogram.record(ms, { "rpc.method": method, "rpc.grpc.status_code": status[code] ?? String(code) });
    },
  };
}
