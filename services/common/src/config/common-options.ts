/** Options every Pyro server shares: logging, metrics, tracing. Spread into a service's spec. */
export const COMMON_OPTIONS = {
  logLevel: { flag: "log-level", kind: "string", choices: ["debug", "info", "warn", "error"], default: "info", doc: "minimum log level" },
  metricsPort: { flag: "metrics-port", kind: "port", doc: "serve Prometheus metrics on this port (unset: metrics and tracing off)" },
  metricsHost: { flag: "metrics-host", kind: "string", default: "127.0.0.1", doc: "address the metrics endpoint binds" },
  traceSampleRatio: { flag: "trace-sample-ratio", kind: "float", min: 0, max: 1, default: 1, doc: "fraction of traces sampled when telemetry is on" },
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
