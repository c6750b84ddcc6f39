/**
 * Deterministic generator of malformed Lavalink WebSocket frames for fuzz tests: truncated JSON,
 * wrong types, unknown ops, huge and non-finite numbers, mutated bytes, binary data, deep nesting
 * and prototype-polluting keys. The same seed always yields the same frames.
 */

/** A frame for the emulator's `sendRawFrames`: text, or `{ binary: base64 }`. */
export type FuzzFrame = string | { binary: string };

/** A generated frame and whether no Lavalink client may accept it (counted as malformed for sure). */
export interface GeneratedFrame {
  frame: FuzzFrame;
  kind: string;
  surelyMalformed: boolean;
}

/** mulberry32: a small seeded PRNG returning floats in [0, 1). */
export function createPrng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Well-formed frames the mutations start from; `guildIds` are the players the node really has. */
function templates(guildIds: readonly string[], track: Json): Array<{ [k: string]: Json }> {
  const guild = guildIds[0] ?? "1";
  return [
    { op: "playerUpdate", guildId: guild, state: { time: Date.now(), position: 1234, connected: true, ping: 5 } },
    { op: "stats", players: 1, playingPlayers: 1, uptime: 1000, memory: { free: 1, used: 1, allocated: 2, reservable: 4 },
      cpu: { cores: 2, systemLoad: 0.1, lavalinkLoad: 0.05 }, frameStats: { sent: 3000, nulled: 0, deficit: 0 } },
    { op: "event", type: "TrackStartEvent", guildId: guild, track },
    { op: "event", type: "TrackEndEvent", guildId: guild, track, reason: "finished" },
    { op: "event", type: "TrackExceptionEvent", guildId: guild, track, exception: { message: "boom", severity: "common", cause: "x", causeStackTrace: "" } },
    { op: "event", type: "TrackStuckEvent", guildId: guild, track, thresholdMs: 10000 },
    { op: "event", type: "WebSocketClosedEvent", guildId: guild, code: 4006, reason: "", byRemote: true },
    { op: "ready", resumed: false, sessionId: "fuzzsession00000" },
  ];
}

const HUGE = ["1e308", "-1e308", "1e999", "-1e999", "18446744073709551616", "9223372036854775807", "-9223372036854775809", "0.5", "-1", "1e-320"];
const ODD_KEYS = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty"];

/** Every leaf path of a JSON value. */
function leafPaths(v: Json, path: Array<string | number> = []): Array<Array<string | number>> {
  if (v === null || typeof v !== "object") return [path];
  const entries: Array<[string | number, Json]> = Array.isArray(v) ? v.map((x, i) => [i, x]) : Object.entries(v);
  return entries.flatMap(([k, x]) => leafPaths(x, [...path, k]));
}

function setAt(v: Json, path: Array<string | number>, value: Json): Json {
  if (path.length === 0) return value;
  const copy = JSON.parse(JSON.stringify(v)) as Json;
  let cursor = copy as Record<string | number, Json>;
  for (const key of path.slice(0, -1)) cursor = cursor[key] as Record<string | number, Json>;
  cursor[path[path.length - 1]!] = value;
  return copy;
}

/**
 * Generates `count` fuzzed frames from `seed`. `guildIds` are real players (mutations target them
 * too), `track` a track JSON object as Lavalink sends it.
 */
export function generateFuzzFrames(seed: number, count: number, guildIds: readonly string[], track: Json): GeneratedFrame[] {
  const rnd = createPrng(seed);
  const int = (n: number): number => Math.floor(rnd() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const base = templates(guildIds, track);
  const anyValue = (): Json => pick<() => Json>([
    () => null, () => rnd() < 0.5, () => int(1e6) - 5e5, () => rnd() * 1e300, () => "x".repeat(int(40)),
    () => [], () => ({}), () => [1, "a", null], () => ({ op: "stats" }), () => pick(guildIds),
  ])();
  const withGuild = (t: { [k: string]: Json }): { [k: string]: Json } => ("guildId" in t ? { ...t, guildId: pick([...guildIds, ...ODD_KEYS, "", "1"]) } : t);

  const makers: Array<() => GeneratedFrame> = [
    () => {
      const text = JSON.stringify(withGuild(pick(base)));
      return { frame: text.slice(0, 1 + int(text.length - 1)), kind: "truncated", surelyMalformed: true };
    },
    () => {
      const t = withGuild(pick(base));
      const path = pick(leafPaths(t).filter((p) => p[0] !== "op"));
      return { frame: JSON.stringify(setAt(t, path, anyValue())), kind: "wrong-type", surelyMalformed: false };
    },
    () => {
      const op = pick<Json>([null, 42, true, [], {}, "", "unknownOp", "READY", "event ", "__proto__", "x".repeat(300)]);
      const badOp = typeof op !== "string";
      return { frame: JSON.stringify({ ...withGuild(pick(base)), op, type: pick(["TrackStartEvent", "PluginEvent", 7]) }), kind: "unknown-op", surelyMalformed: badOp };
    },
    () => {
      // Raw text substitution: JSON.stringify cannot print 1e999 (Infinity after parsing) or 2^64 exactly.
      const t = withGuild(pick(base));
      const paths = leafPaths(t).filter((p) => typeof p.reduce<Json>((v, k) => (v as Record<string | number, Json>)[k]!, t) === "number");
      if (paths.length === 0) return { frame: "{}", kind: "huge", surelyMalformed: true };
      const marker = "__HUGE__";
      const text = JSON.stringify(setAt(t, pick(paths), marker)).replace(`"${marker}"`, pick(HUGE));
      return { frame: text, kind: "huge", surelyMalformed: false };
    },
    () => {
      const bytes = Buffer.from(Array.from({ length: int(96) }, () => int(256)));
      return { frame: { binary: bytes.toString("base64") }, kind: "binary", surelyMalformed: true };
    },
    () => {
      const chars = [...JSON.stringify(withGuild(pick(base)))];
      for (let i = 0, n = 1 + int(4); i < n; i++) chars[int(chars.length)] = String.fromCharCode(int(0x3000));
      return { frame: chars.join(""), kind: "mutated", surelyMalformed: false };
    },
    () => ({ frame: pick(["[]", "null", "42", '"ready"', "true", "", " ", "{", "}", "[{}]", "\u0000", "{\"op\":\"stats\"}x"]), kind: "not-an-object", surelyMalformed: true }),
    () => {
      const depth = 50 + int(5000);
      return { frame: `{"op":"event","type":"TrackStartEvent","guildId":"1","track":${"[".repeat(depth)}${"]".repeat(depth)}}`, kind: "deep", surelyMalformed: true };
    },
    () => ({ frame: `{"op":"stats","__proto__":{"players":1},"constructor":{"prototype":{"polluted":true}},"memory":${JSON.stringify(anyValue())}}`, kind: "proto-keys", surelyMalformed: false }),
    () => ({ frame: JSON.stringify({ ...withGuild(pick(base)), padding: "p".repeat(64 * 1024 + int(256 * 1024)) }), kind: "large", surelyMalformed: false }),
  ];
  return Array.from({ length: count }, () => pick(makers)());
}
