/**
 * OpenTelemetry setup. Must run before @grpc/grpc-js, http and ioredis are loaded so the
 * instrumentations can patch them; `services/cli/main.ts` calls it before requiring a service.
 * Disabled (the default) costs nothing: the OTel API stays a no-op.
 */
import type { NodeSDK } from "@opentelemetry/sdk-node";

/** Telemetry options, parsed from flags by each service's config. */
export interface TelemetryOptions {
  serviceName: string;
  /** Port for the Prometheus `/metrics` endpoint; undefined disables metrics and tracing. */
  metricsPort?: number;
  metricsHost?: string;
  /** Fraction of traces sampled (0..1). */
  traceSampleRatio?: number;
}

/** A span processor that keeps nothing: context propagation without any export. */
const NOOP_SPAN_PROCESSOR = {
  onStart: (): void => undefined,
  onEnd: (): void => undefined,
  forceFlush: async (): Promise<void> => undefined,
  shutdown: async (): Promise<void> => undefined,
};

/** Handle to stop telemetry at shutdown. */
export interface Telemetry {
  readonly enabled: boolean;
  shutdown(): Promise<void>;
}

/** Starts the SDK with a Prometheus exporter and grpc/http/ioredis instrumentation when enabled. */
export function startTelemetry(options: TelemetryOptions): Telemetry {
  if (options.metricsPort === undefined) return { enabled: false, shutdown: async () => undefined };
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { NodeSDK: Sdk, resources } = require("@opentelemetry/sdk-node") as typeof import("@opentelemetry/sdk-node");
  const { PrometheusExporter } = require("@opentelemetry/exporter-prometheus") as typeof import("@opentelemetry/exporter-prometheus");
  const { GrpcInstrumentation } = require("@opentelemetry/instrumentation-grpc") as typeof import("@opentelemetry/instrumentation-grpc");
  const { HttpInstrumentation } = require("@opentelemetry/instrumentation-http") as typeof import("@opentelemetry/instrumentation-http");
  const { IORedisInstrumentation } = require("@opentelemetry/instrumentation-ioredis") as typeof import("@opentelemetry/instrumentation-ioredis");
  const { TraceIdRatioBasedSampler, ParentBasedSampler } = require("@opentelemetry/sdk-trace") as typeof import("@opentelemetry/sdk-trace");
  const sdk: NodeSDK = new Sdk({
    serviceName: options.serviceName,
    // Not the process detector: it puts the command line (with --auth-token, passwords and Redis
    // URLs) into every resource, which `/metrics` publishes as target_info labels.
    resourceDetectors: [resources.envDetector, resources.hostDetector],
    metricReaders: [new PrometheusExporter({ host: options.metricsHost ?? "127.0.0.1", port: options.metricsPort })],
    // No span exporter by default (an explicit processor also keeps the SDK from creating an OTLP
    // exporter); spans still propagate trace context Router -> Lavanode -> Lavalink REST through
    // grpc metadata, the Connect stream's per-command trace context, and http headers.
    spanProcessors: [NOOP_SPAN_PROCESSOR],
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(options.traceSampleRatio ?? 1) }),
    instrumentations: [new GrpcInstrumentation(), new HttpInstrumentation(), new IORedisInstrumentation({ requireParentSpan: false })],
  });
  sdk.start();
  return { enabled: true, shutdown: () => sdk.shutdown() };
}
