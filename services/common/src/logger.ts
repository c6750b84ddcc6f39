/**
 * Structured JSON logs, one object per line on stderr (stdout stays free for machine-readable output
 * such as the `listening ...` line), or `pretty` lines for a human at a terminal. Keys listed in
 * `SECRET_KEYS` are always redacted, in both formats. A line written inside an active (sampled or
 * not) span carries its `trace_id` and `span_id`, so logs and traces can be joined.
 */
import { trace } from "@opentelemetry/api";

/** Minimum severity of a written line. */
export type LogLevel = "debug" | "info" | "warn" | "error";

/** Output format: JSON lines (default) or human-readable lines. */
export type LogFormat = "json" | "pretty";

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Field names whose values are never written, at any depth. */
export const SECRET_KEYS: ReadonlySet<string> = new Set([
  "password", "lavalinkPassword", "authorization", "authToken", "token", "secret", "Authorization",
]);

/** A logger bound to a component name and fixed fields. */
export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

/** Options of `createLogger`. `write` defaults to stderr; `level` defaults to `info`. */
export interface LoggerOptions {
  level?: LogLevel;
  /** Default `json`. */
  format?: LogFormat;
  write?: (line: string) => void;
  fields?: Record<string, unknown>;
}

/** Replaces secret values and turns errors into plain objects. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6 || value === null || typeof value !== "object") return value;
  if (value instanceof Error) {
    return { name: value.name, message: value.message, ...(value.stack ? { stack: value.stack } : {}) };
  }
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEYS.has(k) ? "[redacted]" : redact(v, depth + 1);
  return out;
}

/** `12:00:00.123 INFO  msg key=value ...`: one redacted record for a human. */
export function formatPretty(record: Record<string, unknown>): string {
  const { time, level, msg, ...rest } = record;
  const clock = typeof time === "string" ? time.slice(11, 23) : "";
  const pairs = Object.entries(rest).map(([k, v]) => `${k}=${typeof v === "string" && !/\s/.test(v) ? v : JSON.stringify(v)}`);
  return [clock, String(level).toUpperCase().padEnd(5), String(msg), ...pairs].join(" ");
}

/** Creates a logger (JSON lines unless `format` is `pretty`). */
export function createLogger(options: LoggerOptions = {}): Logger {
  const min = LEVELS[options.level ?? "info"];
  const write = options.write ?? ((line: string) => process.stderr.write(line + "\n"));
  const base = options.fields ?? {};
  const emit = (level: LogLevel, msg: string, fields?: Record<string, unknown>): void => {
    if (LEVELS[level] < min) return;
    const span = trace.getActiveSpan()?.spanContext();
    const ids = span && trace.isSpanContextValid(span) ? { trace_id: span.traceId, span_id: span.spanId } : {};
    const record = redact({ time: new Date().toISOString(), level, msg, ...base, ...fields, ...ids }) as Record<string, unknown>;
    write(options.format === "pretty" ? formatPretty(record) : JSON.stringify(record));
  };
  return {
    debug: (m, f) => emit("debug", m, f),
    info: (m, f) => emit("info", m, f),
    warn: (m, f) => emit("warn", m, f),
    error: (m, f) => emit("error", m, f),
    child: (fields) => createLogger({ ...options, fields: { ...base, ...fields } }),
  };
}

/** A logger that drops everything (tests that do not look at logs). */
export const silentLogger: Logger = createLogger({ write: () => undefined });
