/** Options every Pyro server shares: config file, logging, metrics, tracing. Spread into a service's spec. */
export const COMMON_OPTIONS = {
  config: { flag: "config", kind: "string", doc: "YAML or JSON file of options: keys are flag names (`grpc-port: 50051`); flag > environment > file" },
  logLevel: { flag: "log-level", kind: "string", choices: ["debug", "info", "warn", "error"], default: "info", doc: "minimum log level" },
  logFormat: { flag: "log-format", kind: "string", choices: ["json", "pretty"], default: "json", doc: "log lines as JSON (json) or for humans (pretty)" },
  metricsPort: { flag: "metrics-port", kind: "port", doc: "serve Prometheus metrics (and, on a Router, the cluster page) on this port (unset: off)" },
  metricsHost: { flag: "metrics-host", kind: "string", default: "127.0.0.1", doc: "address the metrics endpoint binds" },
  traceSampleRatio: { flag: "trace-sample-ratio", kind: "float", min: 0, max: 1, default: 1, doc: "fraction of root traces sampled when OTEL_TRACES_SAMPLER is unset (export: OTEL_EXPORTER_OTLP_ENDPOINT)" },
} as const;

/** Why a cluster token is unusable (shorter than 16 characters), or undefined. */
export function clusterTokenProblem(value: string): string | undefined {
  return value.length < 16 ? "must be at least 16 characters" : undefined;
}

/**
 * The internal plane's credential: every LavanodeService call (and the Connect stream) carries
 * `authorization: Bearer <token>`; Lavanodes refuse any other caller with UNAUTHENTICATED.
 */
export const CLUSTER_TOKEN_OPTION = {
  flag: "cluster-token", kind: "string", secret: true, check: clusterTokenProblem, required: true,
  doc: "shared secret (16+ characters) that Routers present and Lavanodes require on every LavanodeService call",
} as const;
