/**
 * The one set of input limits, enforced at every face: RouterService and LavanodeService (gRPC),
 * the Lavalink-compatible REST and WebSocket endpoint, and the registry. Each face imports these
 * numbers; none defines its own. A value past a limit is bad input (INVALID_ARGUMENT on gRPC, 400
 * on the Lavalink face), never a crash, an INTERNAL, or a torn-down Router-Lavanode stream.
 */

/**
 * Deepest nesting of objects and arrays in free-form JSON (`user_data` / `userData`, plugin
 * filters, registry JSON), counted from the value itself: `{}` is depth 1, `{"a":{}}` depth 2.
 * protobuf decoders refuse messages nested past 100 levels, and a google.protobuf.Struct level
 * costs about three; 16 keeps even the deepest envelope (Router -> Lavanode -> Router) far below.
 */
export const MAX_JSON_DEPTH = 16;

/**
 * Deepest JSON the registry stores or publishes (player filters and user data, queue entries, event
 * payloads): MAX_JSON_DEPTH plus the few levels of envelope Pyro wraps around a caller's value
 * (filters -> pluginFilters -> name, event -> track -> userData).
 */
export const MAX_RECORD_JSON_DEPTH = MAX_JSON_DEPTH + 4;

/** Largest `user_data` / `userData`, in bytes of its JSON text. */
export const MAX_USER_DATA_BYTES = 16 * 1024;

/** Most equalizer bands in one filter set: Lavalink has 15 bands (0..14). */
export const MAX_EQUALIZER_BANDS = 15;

/** Largest plugin-filter object, in bytes of its JSON text. */
export const MAX_PLUGIN_FILTERS_BYTES = 16 * 1024;

/** Largest whole filter set (with plugin filters), in bytes of its JSON text. */
export const MAX_FILTERS_BYTES = 32 * 1024;

/** Validation problems reported per request; the rest are counted ("and N more"). */
export const MAX_REPORTED_PROBLEMS = 20;

/** Longest error message sent to a caller (gRPC status details, Lavalink error `message`), in characters. */
export const MAX_ERROR_MESSAGE_CHARS = 4096;

/** Largest gRPC message a Pyro server accepts, in bytes. */
export const MAX_GRPC_MESSAGE_BYTES = 4 * 1024 * 1024;

/** Largest Lavalink-compatible REST request body, in bytes. */
export const MAX_HTTP_BODY_BYTES = 1024 * 1024;

/**
 * Largest WebSocket frame a Lavalink client may send, in bytes. Lavalink reads nothing clients send
 * on `/v4/websocket`, so anything beyond a small frame is refused (close 1009).
 */
export const MAX_WS_FRAME_BYTES = 64 * 1024;

/**
 * Largest position or end marker a caller may set, in ms (2^53-1, about 285,000 years). Players
 * are stored and sent to Lavalink as JSON numbers, exact only up to 2^53-1: a larger int64 would
 * come back rounded, possibly past the int64 range, and fail to serialize in every later answer.
 */
export const MAX_TIME_MS = Number.MAX_SAFE_INTEGER;

/** Why an int64 position or end marker (ms) breaks MAX_TIME_MS, or undefined when it fits. */
export function timeMsProblem(valueMs: bigint): string | undefined {
  return valueMs > BigInt(MAX_TIME_MS) ? `must be at most ${MAX_TIME_MS} (2^53-1), got ${valueMs}` : undefined;
}

/** Longest string read from a caller where no tighter rule applies (ids, identifiers), in characters. */
export const MAX_STRING_CHARS = 64 * 1024;

/**
 * Depth of `value` (objects and arrays), stopping as soon as `limit` is passed so a hostile value
 * costs at most `limit` levels of recursion. Scalars are depth 0.
 */
export function jsonDepth(value: unknown, limit = MAX_JSON_DEPTH): number {
  if (value === null || typeof value !== "object") return 0;
  let deepest = 0;
  for (const child of Array.isArray(value) ? value : Object.values(value as Record<string, unknown>)) {
    const d = child !== null && typeof child === "object" ? (limit <= 1 ? limit : jsonDepth(child, limit - 1)) : 0;
    if (d > deepest) deepest = d;
    if (deepest >= limit) break;
  }
  return deepest + 1;
}

/**
 * Returns why a free-form JSON value breaks the limits (too deep, too large), or undefined when it
 * fits. `maxBytes` is the limit on its JSON text.
 */
export function jsonLimitProblem(value: unknown, maxBytes: number): string | undefined {
  if (jsonDepth(value) > MAX_JSON_DEPTH) return `is nested deeper than ${MAX_JSON_DEPTH} levels`;
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    return "is not JSON";
  }
  if (text !== undefined && Buffer.byteLength(text) > maxBytes) return `is larger than ${maxBytes} bytes of JSON`;
  return undefined;
}

/** `text` cut to MAX_ERROR_MESSAGE_CHARS, marked when cut. */
export function clampMessage(text: string): string {
  const mark = "... (truncated)";
  return text.length <= MAX_ERROR_MESSAGE_CHARS ? text : text.slice(0, MAX_ERROR_MESSAGE_CHARS - mark.length) + mark;
}
