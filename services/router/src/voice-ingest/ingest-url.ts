/**
 * Where a Router pulls gateway voice packets from, as `--voice-ingest` URLs (repeatable):
 * - `redis-stream://[[user]:password@]host:port/STREAM_KEY[?group=G][&claimIdleMs=N]` (`rediss-stream://`
 *   for TLS): a Redis stream read with XREADGROUP in consumer group G (default `pyro`); every Router
 *   joins the same group, so each entry is handled by one Router; entries another Router left
 *   unacknowledged for N ms (default 30000) are claimed.
 * - `amqp://USER:PASS@HOST:PORT/VHOST?exchange=X&routingKey=K[&queue=Q][&exchangeType=T]`
 *   (`amqps://` for TLS): a RabbitMQ exchange; every Router consumes the one shared queue Q (default
 *   `pyro-voice`), bound to X with K, so each message is handled by one Router.
 * Parsed once at configuration time. Problems and `describeIngest` never include credentials.
 */

/** A parsed ingest source. */
export type IngestTarget =
  | { kind: "redis-stream"; redisUrl: string; streamKey: string; group: string; claimIdleMs: number; display: string }
  | { kind: "amqp"; connectUrl: string; exchange: string; exchangeType: string; routingKey: string; queue: string; display: string };

const NAME = /^[A-Za-z0-9_.:\-{}/]{1,200}$/;
const EXCHANGE_TYPES = ["topic", "direct", "fanout", "headers"];

function parseUrl(raw: string): URL {
  try {
    return new URL(raw);
  } catch {
    throw new Error("is not a valid URL");
  }
}

function hostPort(u: URL, defaultPort: number): string {
  if (u.hostname === "") throw new Error("needs a host");
  const port = u.port === "" ? defaultPort : Number(u.port);
  if (port <= 0 || port > 65535) throw new Error("needs a port 1..65535");
  return `${u.hostname}:${port}`;
}

function name(params: URLSearchParams, key: string, fallback?: string): string {
  const v = params.get(key) ?? fallback;
  if (v === undefined || v === "") throw new Error(`needs ?${key}=`);
  if (!NAME.test(v)) throw new Error(`?${key} must be 1-200 letters, digits or _ . : - { } /`);
  return v;
}

function parseRedisStream(u: URL, tls: boolean): IngestTarget {
  const hp = hostPort(u, 6379);
  const streamKey = decodeURIComponent(u.pathname.slice(1));
  if (streamKey === "" || !NAME.test(streamKey)) throw new Error("needs the stream key as the path, e.g. redis-stream://127.0.0.1:6379/gateway:voice");
  const unknown = [...u.searchParams.keys()].filter((k) => k !== "group" && k !== "claimIdleMs");
  if (unknown.length > 0) throw new Error(`unknown parameter ?${unknown[0]}`);
  const group = name(u.searchParams, "group", "pyro");
  const idle = u.searchParams.get("claimIdleMs") ?? "30000";
  if (!/^\d{3,7}$/.test(idle) || Number(idle) > 3_600_000) throw new Error("?claimIdleMs must be an integer 100..3600000");
  const auth = u.username || u.password ? `${u.username}${u.password ? `:${u.password}` : ""}@` : "";
  return { kind: "redis-stream", redisUrl: `${tls ? "rediss" : "redis"}://${auth}${hp}`, streamKey, group, claimIdleMs: Number(idle), display: `${tls ? "rediss" : "redis"}-stream://${hp}/${streamKey}?group=${group}` };
}

function parseAmqp(u: URL, tls: boolean): IngestTarget {
  const hp = hostPort(u, tls ? 5671 : 5672);
  const known = new Set(["exchange", "routingKey", "queue", "exchangeType"]);
  const unknown = [...u.searchParams.keys()].filter((k) => !known.has(k));
  if (unknown.length > 0) throw new Error(`unknown parameter ?${unknown[0]}`);
  const exchange = name(u.searchParams, "exchange");
  const routingKey = u.searchParams.get("routingKey");
  if (routingKey === null || routingKey.length > 255) throw new Error("needs ?routingKey= (at most 255 characters)");
  const exchangeType = u.searchParams.get("exchangeType") ?? "topic";
  if (!EXCHANGE_TYPES.includes(exchangeType)) throw new Error(`?exchangeType must be one of ${EXCHANGE_TYPES.join(", ")}`);
  const queue = name(u.searchParams, "queue", "pyro-voice");
  const connect = new URL(u.href);
  connect.search = "";
  const vhost = u.pathname.length > 1 ? u.pathname : "/";
  return { kind: "amqp", connectUrl: connect.href, exchange, exchangeType, routingKey, queue, display: `${u.protocol}//${hp}${vhost}?exchange=${exchange}&routingKey=${routingKey}&queue=${queue}` };
}

/**
 * Parses one `--voice-ingest` URL.
 * @throws Error naming what is wrong; the message never contains the URL's credentials.
 */
export function parseIngestUrl(raw: string): IngestTarget {
  const scheme = /^([a-z-]+):\/\//.exec(raw)?.[1];
  if (scheme === "redis-stream" || scheme === "rediss-stream") {
    return parseRedisStream(parseUrl(raw.replace(/^rediss?-stream:/, "http:")), scheme === "rediss-stream");
  }
  if (scheme === "amqp" || scheme === "amqps") return parseAmqp(parseUrl(raw), scheme === "amqps");
  throw new Error("must start with redis-stream://, rediss-stream://, amqp:// or amqps://");
}

/** Config-time check for the flags parser: undefined when valid, else the problem. */
export function ingestUrlProblem(raw: string): string | undefined {
  try {
    parseIngestUrl(raw);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}
