/**
 * RPC latency histogram through the OpenTelemetry metrics API. When no SDK is started the API is a
 * no-op, so recording costs almost nothing.
 */
import type { Histogram } from "@opentelemetry/api";
import { status } from "@grpc/grpc-js";
import { pyroMeter } from "../telemetry/pyro-meter";

/** Records one finished RPC. */
export interface RpcMetrics {
  record(method: string, code: status, startedNs: bigint): void;
}

/** Bucket bounds of latency histograms, in seconds (0.5 ms .. 10 s). */
export const LATENCY_BUCKETS_S = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Creates the `pyro_rpc_server_duration_seconds` histogram; `service` (`router`, `lavanode`) is a
 * label, so a process serving both exports one family.
 */
export function createRpcMetrics(service: string): RpcMetrics {
  const histogram: Histogram = pyroMeter().createHistogram("pyro_rpc_server_duration_seconds", {
    description: "Server-side gRPC latency in seconds, by service, method and status",
    unit: "s",
    advice: { explicitBucketBoundaries: LATENCY_BUCKETS_S },
  });
  return {
    record(method, code, startedNs) {
      const seconds = Number(process.hrtime.bigint() - startedNs) / 1e9;
      histogram.record(seconds, { service, rpc_method: method, rpc_grpc_status_code: status[code] ?? String(code) });
    },
  };
}
