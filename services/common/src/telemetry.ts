/**
 * OpenTelemetry setup. Must run before @grpc/grpc-js, http and ioredis are loaded so the
 * instrumentations can patch them; each service's `main.ts` calls it before requiring its app.
 *
 * Two independent halves:
 * - tracing, on when the OTEL_* variables ask for an exporter (see `config/otel-env.ts`): spans are
 *   batched to an OTLP collector over HTTP (protobuf or JSON) or gRPC. Without an exporter but
 *   with metrics on, spans still propagate trace context (nothing is recorded).
 * - metrics, on with `--metrics-port`: a Prometheus `/metrics` endpoint with Pyro's instruments
 *   and process/runtime metrics. The instrumentation libraries' own metrics are dropped (their
 *   names do not follow Pyro's conventions; RPC latency is `pyro_rpc_server_duration_seconds`).
 *
 * The resource holds only `service.name`, `service.instance.id`, the SDK's own attributes and
 * OTEL_RESOURCE_ATTRIBUTES: no resource detectors run, so neither the command line nor the
 * environment (secrets) reach `target_info`. With both halves off nothing starts and the API
 * stays a no-op.
 */
import type { NodeSDK } from "@opentelemetry/sdk-node";
import type { Sampler, SpanExporter, SpanProcessor } from "@opentelemetry/sdk-trace";
import type { OtelOptions, TraceExportOptions } from "./config/otel-env";
import type { HttpSurface } from "./telemetry/http-surface";

/** Telemetry options, parsed by each service's config. */
export interface TelemetryOptions {
  /** `service.name` unless OTEL_SERVICE_NAME overrides it. */
  serviceName: string;
  /** `service.instance.id` (router id, node id); optional. */
  instanceId?: string;
  /** Port of the Prometheus `/metrics` endpoint; undefined disables metrics. */
  metricsPort?: number;
  metricsHost?: string;
  /** Fraction of root traces sampled (0..1) when OTEL_TRACES_SAMPLER is unset. */
  traceSampleRatio?: number;
  /** Parsed OTEL_* variables. */
  otel?: OtelOptions;
}

/** Handle to stop telemetry at shutdown. */
export interface Telemetry {
  /** True when metrics or tracing started. */
  readonly enabled: boolean;
  /** True when spans are exported. */
  readonly tracing: boolean;
  /** The `--metrics-port` HTTP server (where a Router adds its cluster page); absent without it. */
  readonly http?: HttpSurface;
  /** Flushes pending spans and stops the SDK. Never throws. */
  shutdown(): Promise<void>;
}

/* eslint-disable @typescript-eslint/no-require-imports */
function createExporter(t: TraceExportOptions): SpanExporter {
  const options = { url: t.url, headers: { ...t.headers } };
  if (t.exporter === "console") return new (require("@opentelemetry/sdk-trace") as typeof import("@opentelemetry/sdk-trace")).ConsoleSpanExporter();
  if (t.protocol === "grpc") {
    const { OTLPTraceExporter } = require("@opentelemetry/exporter-trace-otlp-grpc") as typeof import("@opentelemetry/exporter-trace-otlp-grpc");
    const { Metadata } = require("@grpc/grpc-js") as typeof import("@grpc/grpc-js");
    const metadata = new Metadata();
    for (const [k, v] of Object.entries(t.headers)) metadata.set(k, v);
    return new OTLPTraceExporter({ url: t.url, metadata });
  }
  if (t.protocol === "http/json") return new (require("@opentelemetry/exporter-trace-otlp-http") as typeof import("@opentelemetry/exporter-trace-otlp-http")).OTLPTraceExporter(options);
  return new (require("@opentelemetry/exporter-trace-otlp-proto") as typeof import("@opentelemetry/exporter-trace-otlp-proto")).OTLPTraceExporter(options);
}

function createSampler(options: TelemetryOptions): Sampler {
  const t = require("@opentelemetry/sdk-trace") as typeof import("@opentelemetry/sdk-trace");
  const s = options.otel?.sampler ?? { name: "parentbased_traceidratio" as const, ratio: options.traceSampleRatio ?? 1 };
  const root = s.name.endsWith("always_on") ? new t.AlwaysOnSampler() : s.name.endsWith("always_off") ? new t.AlwaysOffSampler() : new t.TraceIdRatioBasedSampler(s.ratio ?? 1);
  return s.name.startsWith("parentbased_") ? new t.ParentBasedSampler({ root }) : root;
}

/** A processor that records nothing: trace context still propagates, nothing is exported. */
const PROPAGATE_ONLY: SpanProcessor = {
  onStart: () => undefined,
  onEnd: () => undefined,
  forceFlush: async () => undefined,
  shutdown: async () => undefined,
};

/**
 * Starts the SDK with what `options` asks for (see the module comment). Never throws on export failures.
 * @throws when the metrics port cannot be bound.
 */
export async function startTelemetry(options: TelemetryOptions): Promise<Telemetry> {
  const traces = options.otel?.traces;
  if (options.metricsPort === undefined && traces === undefined) return { enabled: false, tracing: false, shutdown: async () => undefined };
  const { NodeSDK: Sdk, resources } = require("@opentelemetry/sdk-node") as typeof import("@opentelemetry/sdk-node");
  const { BatchSpanProcessor } = require("@opentelemetry/sdk-trace") as typeof import("@opentelemetry/sdk-trace");
  const { AggregationType } = require("@opentelemetry/sdk-metrics") as typeof import("@opentelemetry/sdk-metrics");
  const { GrpcInstrumentation } = require("@opentelemetry/instrumentation-grpc") as typeof import("@opentelemetry/instrumentation-grpc");
  const { HttpInstrumentation } = require("@opentelemetry/instrumentation-http") as typeof import("@opentelemetry/instrumentation-http");
  const { IORedisInstrumentation } = require("@opentelemetry/instrumentation-ioredis") as typeof import("@opentelemetry/instrumentation-ioredis");
  const metricReaders = [];
  const { PrometheusExporter } = require("@opentelemetry/exporter-prometheus") as typeof import("@opentelemetry/exporter-prometheus");
  const exporter = options.metricsPort !== undefined ? new PrometheusExporter({ preventServerStart: true }) : undefined;
  if (exporter) metricReaders.push(exporter);
  const serviceName = options.otel?.serviceName ?? options.serviceName;
  const resource = resources.defaultResource().merge(resources.resourceFromAttributes({
    ...options.otel?.resourceAttributes,
    "service.name": serviceName,
    ...(options.instanceId !== undefined ? { "service.instance.id": options.instanceId } : {}),
  }));
  const sdk: NodeSDK = new Sdk({
    resource,
    autoDetectResources: false,
    metricReaders,
    views: ["@opentelemetry/instrumentation-http", "@opentelemetry/instrumentation-grpc", "@opentelemetry/instrumentation-ioredis"]
      .map((meterName) => ({ meterName, aggregation: { type: AggregationType.DROP } })),
    // An explicit processor also keeps the SDK from building exporters from the environment itself.
    spanProcessors: [traces ? new BatchSpanProcessor({ exporter: createExporter(traces), scheduledDelayMillis: traces.scheduleDelayMs }) : PROPAGATE_ONLY],
    sampler: createSampler(options),
    instrumentations: [new GrpcInstrumentation(), new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => /^\/(metrics|cluster|favicon\.ico|\?|$)/.test(req.url ?? "/") }), new IORedisInstrumentation({ requireParentSpan: true })],
  });
  sdk.start();
  let http: HttpSurface | undefined;
  if (exporter && options.metricsPort !== undefined) {
    // After sdk.start(), so the http instrumentation is in place when node:http is first loaded.
    const { startHttpSurface } = require("./telemetry/http-surface") as typeof import("./telemetry/http-surface");
    http = await startHttpSurface(options.metricsHost ?? "127.0.0.1", options.metricsPort, (req, res) => exporter.getMetricsRequestHandler(req, res)).catch(async (err: unknown) => {
      await sdk.shutdown().catch(() => undefined);
      throw err;
    });
    const { registerProcessMetrics } = require("./telemetry/process-metrics") as typeof import("./telemetry/process-metrics");
    registerProcessMetrics();
  }
  return {
    enabled: true, tracing: traces !== undefined, http,
    shutdown: async () => {
      await http?.close();
      await sdk.shutdown().catch(() => undefined);
    },
  };
}
