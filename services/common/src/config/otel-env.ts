/**
 * The standard OpenTelemetry environment variables Pyro honours, parsed once at startup with the
 * rest of the configuration (the SDK is then given explicit values, so nothing else reads them):
 *
 * - `OTEL_SDK_DISABLED=true`: no tracing at all.
 * - `OTEL_TRACES_EXPORTER`: `otlp`, `console` or `none`. Tracing is on when it is `otlp`/`console`,
 *   or when an OTLP endpoint is set; otherwise spans only propagate context (no export).
 * - `OTEL_EXPORTER_OTLP_ENDPOINT` (base URL; `/v1/traces` is appended for HTTP) or
 *   `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` (used as is). Default `http://localhost:4318`
 *   (`http://localhost:4317` for gRPC).
 * - `OTEL_EXPORTER_OTLP_PROTOCOL` / `OTEL_EXPORTER_OTLP_TRACES_PROTOCOL`: `http/protobuf`
 *   (default), `http/json` or `grpc`.
 * - `OTEL_EXPORTER_OTLP_HEADERS` / `OTEL_EXPORTER_OTLP_TRACES_HEADERS`: `k=v,k2=v2` (values
 *   percent-decoded). Secret: never logged or echoed in errors.
 * - `OTEL_SERVICE_NAME`, `OTEL_RESOURCE_ATTRIBUTES` (`k=v,...`).
 * - `OTEL_TRACES_SAMPLER` (`always_on`, `always_off`, `traceidratio`, `parentbased_always_on`,
 *   `parentbased_always_off`, `parentbased_traceidratio`) and `OTEL_TRACES_SAMPLER_ARG`; unset:
 *   `parentbased_traceidratio` with `--trace-sample-ratio`.
 * - `OTEL_BSP_SCHEDULE_DELAY`: ms between batch exports (default 5000).
 */

/** OTLP wire protocols. */
export type OtlpProtocol = "http/protobuf" | "http/json" | "grpc";

/** Sampler names of the OpenTelemetry specification. */
export const SAMPLERS = ["always_on", "always_off", "traceidratio", "parentbased_always_on", "parentbased_always_off", "parentbased_traceidratio"] as const;

/** A sampler name. */
export type SamplerName = (typeof SAMPLERS)[number];

/** Where and how spans are exported; absent when tracing is off. */
export interface TraceExportOptions {
  exporter: "otlp" | "console";
  protocol: OtlpProtocol;
  /** Full URL (HTTP: ends in `/v1/traces`) or gRPC endpoint. */
  url: string;
  /** Extra request headers (secret). */
  headers: Readonly<Record<string, string>>;
  /** Milliseconds between batch exports. */
  scheduleDelayMs: number;
}

/** Parsed OTEL_* settings. */
export interface OtelOptions {
  serviceName?: string;
  resourceAttributes: Readonly<Record<string, string>>;
  sampler?: { name: SamplerName; ratio?: number };
  traces?: TraceExportOptions;
}

const PROTOCOLS: readonly OtlpProtocol[] = ["http/protobuf", "http/json", "grpc"];

/** Parses `k=v,k2=v2` (values percent-decoded); `name` only labels problems, values are never echoed. */
function parsePairs(raw: string | undefined, name: string, problems: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  if (raw === undefined || raw.trim() === "") return out;
  for (const part of raw.split(",")) {
    const eq = part.indexOf("=");
    const key = part.slice(0, eq).trim();
    if (eq <= 0 || key === "") {
      problems.push(`${name} must be a comma-separated list of key=value`);
      continue;
    }
    try {
      out[key] = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      problems.push(`${name}: the value of ${JSON.stringify(key)} is not valid percent-encoding`);
    }
  }
  return out;
}

/**
 * Reads the OTEL_* variables from `env`. `problems` receives every invalid value (secrets are not
 * echoed); the result is still usable for the valid ones.
 */
export function parseOtelEnv(env: Readonly<Record<string, string | undefined>>, problems: string[]): OtelOptions {
  const resourceAttributes = parsePairs(env.OTEL_RESOURCE_ATTRIBUTES, "OTEL_RESOURCE_ATTRIBUTES", problems);
  const serviceName = env.OTEL_SERVICE_NAME?.trim() || undefined;
  let sampler: OtelOptions["sampler"];
  const samplerName = env.OTEL_TRACES_SAMPLER?.trim();
  if (samplerName) {
    if (!(SAMPLERS as readonly string[]).includes(samplerName)) problems.push(`OTEL_TRACES_SAMPLER must be one of ${SAMPLERS.join(", ")}, got ${JSON.stringify(samplerName)}`);
    else {
      const arg = env.OTEL_TRACES_SAMPLER_ARG?.trim();
      const ratio = arg ? Number(arg) : undefined;
      if (ratio !== undefined && !(ratio >= 0 && ratio <= 1)) problems.push(`OTEL_TRACES_SAMPLER_ARG must be a number in 0..1, got ${JSON.stringify(arg)}`);
      sampler = { name: samplerName as SamplerName, ratio };
    }
  }
  const base = { serviceName, resourceAttributes, sampler };
  if (["true", "1"].includes(env.OTEL_SDK_DISABLED?.trim().toLowerCase() ?? "")) return base;
  const exporterName = env.OTEL_TRACES_EXPORTER?.trim().toLowerCase();
  if (exporterName !== undefined && !["otlp", "console", "none"].includes(exporterName)) problems.push(`OTEL_TRACES_EXPORTER must be otlp, console or none, got ${JSON.stringify(exporterName)}`);
  const baseEndpoint = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || undefined;
  const tracesEndpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim() || undefined;
  const wanted = exporterName === "otlp" || exporterName === "console" || (exporterName === undefined && (baseEndpoint ?? tracesEndpoint) !== undefined);
  if (!wanted) return base;
  const protocol = (env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? env.OTEL_EXPORTER_OTLP_PROTOCOL ?? "http/protobuf").trim() as OtlpProtocol;
  if (!PROTOCOLS.includes(protocol)) problems.push(`OTEL_EXPORTER_OTLP_PROTOCOL must be one of ${PROTOCOLS.join(", ")}, got ${JSON.stringify(protocol)}`);
  const http = protocol !== "grpc";
  const url = tracesEndpoint ?? (baseEndpoint ? (http ? baseEndpoint.replace(/\/+$/, "") + "/v1/traces" : baseEndpoint) : http ? "http://localhost:4318/v1/traces" : "http://localhost:4317");
  try {
    new URL(url);
  } catch {
    problems.push(`${tracesEndpoint ? "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT" : "OTEL_EXPORTER_OTLP_ENDPOINT"} must be a URL`);
  }
  const headers = {
    ...parsePairs(env.OTEL_EXPORTER_OTLP_HEADERS, "OTEL_EXPORTER_OTLP_HEADERS", problems),
    ...parsePairs(env.OTEL_EXPORTER_OTLP_TRACES_HEADERS, "OTEL_EXPORTER_OTLP_TRACES_HEADERS", problems),
  };
  const delayRaw = env.OTEL_BSP_SCHEDULE_DELAY?.trim();
  const scheduleDelayMs = delayRaw ? Number(delayRaw) : 5000;
  if (!Number.isInteger(scheduleDelayMs) || scheduleDelayMs < 0) problems.push(`OTEL_BSP_SCHEDULE_DELAY must be a non-negative integer (ms), got ${JSON.stringify(delayRaw)}`);
  return { ...base, traces: { exporter: exporterName === "console" ? "console" : "otlp", protocol, url, headers, scheduleDelayMs } };
}
