/**
 * Fuzzer of the Router's Lavalink-compatible REST face: a live cluster (1 emulator, 1 Lavanode,
 * 1 Router with --lavalink-port, Redis) receives random and mutated requests on every route:
 * mutated path segments (broken percent-encodings, signed and huge guild ids, long and odd
 * strings), wrong methods and content types, missing or wrong passwords, mutated and hostile JSON
 * bodies (nested 17..200 deep, 200,000 equalizer bands, oversized userData and pluginFilters),
 * oversized bodies, and raw requests whose target is not a URL. Counts statuses, 500s (any 5xx
 * other than 503 is listed too), crashes and torn-down Router-Lavanode links; a 500, a crash or a
 * torn link fails the run, and a valid PATCH must still work at the end.
 *
 *   node -r @swc-node/register bench/fuzz-lavalink-rest.ts [--quick] [--requests N] [--seed N]   (quick: 10,000; default 50,000)
 */
import { connect } from "node:net";
import WebSocket from "ws";
import { forEachLimited } from "../services/common/src/for-each-limited";
import { stablePort } from "../test/support/stable-port";
import { createRng, type Rng } from "./chaos/rng";
import { runBenchmark } from "./support/cleanup";
import { intOption, isQuick } from "./support/cli-options";
import { crashes as countCrashes, hostileBands, hostileJson, linkOpens, nestedObject, randomBytes, Tally } from "./support/fuzz-kit";
import { startPyroCluster } from "./support/pyro-cluster";
import { startRedisServer } from "./support/redis-server";
import { printTable } from "./support/table";
import { writeResults } from "./support/results-file";

const PW = "fuzz-lavalink-pw";
const G = "940000000000000001";
const METHODS = ["GET", "POST", "PATCH", "DELETE", "PUT", "OPTIONS", "HEAD"];
const ODD_SEGMENTS = ["%E0%A4%A", "%ZZ", "%", "%00", "%C0%AF", "-5", "0", "00940000000000000001", "99999999999999999999999", "-9223372036854775809",
  "abc", "..", "%2e%2e", "é", "\u{1F600}", "", "x".repeat(5000), "940000000000000001;x", "940000000000000001%0d%0aX-Injected:%201"];

/** A path for one of Lavalink's routes and the method the route takes, with a segment or query mutated now and then. */
function route(rng: Rng, sessionId: string): [string, string] {
  const seg = (valid: string): string => (rng.next() < 0.5 ? valid : encodeURI(rng.pick(ODD_SEGMENTS)).replace(/%25/g, "%"));
  const q = (): string => rng.pick(["", "?trace=true", "?noReplace=maybe", "?noReplace=true", `?identifier=${seg("emulator:x:1000")}`, "?encodedTrack=%E0%A4%A", `?x=${"%".repeat(rng.int(1, 5))}`]);
  switch (rng.int(0, 9)) {
    case 0: return ["GET", `/v4/loadtracks?identifier=${seg("emulator%3Afuzz%3A1000")}`];
    case 1: return ["GET", `/v4/decodetrack?encodedTrack=${seg("QAAAUQMA")}`];
    case 2: return ["POST", `/v4/decodetracks${q()}`];
    case 3: return ["GET", rng.pick(["/v4/info", "/v4/stats", "/version", "/", "/v3/websocket", "/v4/routeplanner/status"]) + q()];
    case 4: return ["POST", rng.pick(["/v4/routeplanner/free/address", "/v4/routeplanner/free/all"])];
    case 5: return ["PATCH", `/v4/sessions/${seg(sessionId)}${q()}`];
    case 6: return ["GET", `/v4/sessions/${seg(sessionId)}/players${q()}`];
    default: return [rng.pick(["GET", "PATCH", "PATCH", "DELETE"]), `/v4/sessions/${seg(sessionId)}/players/${seg(G)}${q()}`];
  }
}

/** A request body: a valid PATCH (mutated as text), hostile JSON, random bytes, or nothing. */
function body(rng: Rng): string | Buffer | undefined {
  const valid = { track: { encoded: "QAAAUQMA", userData: { a: 1 } }, volume: 50, paused: false, position: 10, filters: { equalizer: [{ band: 1, gain: 0.1 }], timescale: { speed: 1.1 } } };
  switch (rng.int(0, 7)) {
    case 0: return undefined;
    case 1: return randomBytes(rng, 200);
    case 2: { const t = JSON.stringify(valid); const at = rng.int(0, t.length); return t.slice(0, at) + rng.pick(["", "}", "\"", "{", ",", "\u0000", "[]"]) + t.slice(at + rng.int(0, 3)); }
    case 3: return JSON.stringify({ track: { encoded: "QAAAUQMA", userData: nestedObject(rng.pick([17, 40, 200])) } });
    case 4: return JSON.stringify({ filters: { equalizer: hostileBands(rng), pluginFilters: { p: hostileJson(rng) } } });
    case 5: return JSON.stringify({ ...valid, [rng.pick(["volume", "position", "paused", "endTime", "voice", "filters"])]: hostileJson(rng) });
    case 6: return rng.next() < 0.1 ? Buffer.alloc(1_100_000, 0x20) : JSON.stringify(hostileJson(rng));
    default: return JSON.stringify(valid);
  }
}

/** A raw request that no URL parser accepts, or that breaks HTTP framing; resolves with the status line. */
function rawRequest(port: number, rng: Rng): Promise<string> {
  const line = rng.pick(["GET http://[ HTTP/1.1", "GET http://x:99999/ HTTP/1.1", "GET /v4/sessions/%E0%A4%A/players HTTP/1.1", "PATCH * HTTP/1.1", "GET //a//b HTTP/1.1"]);
  return new Promise((resolve) => {
    const s = connect(port, "127.0.0.1", () => s.write(`${line}\r\nHost: x\r\nAuthorization: ${PW}\r\nConnection: close\r\n\r\n`));
    let out = "";
    s.on("data", (d) => (out += String(d)));
    s.on("close", () => resolve(out.split("\r\n")[0]?.split(" ")[1] ?? "closed"));
    s.on("error", () => resolve("socket error"));
    s.setTimeout(15000, () => s.destroy());
  });
}

runBenchmark(async (cleanup) => {
  const quick = isQuick();
  const total = intOption("requests", quick ? 10_000 : 50_000);
  const rng = createRng(intOption("seed", 2468));
  const redis = await startRedisServer();
  cleanup.add(() => redis.stop());
  const port = await stablePort();
  const cluster = await startPyroCluster({ redisUrl: redis.url, nodes: 1, routers: 1, emulatorArgs: ["--stats-interval-ms", "1000"], routerArgs: ["--lavalink-port", String(port), "--lavalink-password", PW] }, cleanup);
  const base = `http://127.0.0.1:${port}`;
  const ws = new WebSocket(`ws://127.0.0.1:${port}/v4/websocket`, { headers: { Authorization: PW, "User-Id": "100000000000000001" } });
  ws.on("error", () => undefined);
  cleanup.add(() => ws.close());
  const sessionId = await new Promise<string>((resolve) => ws.on("message", (m) => {
    const f = JSON.parse(String(m)) as { op: string; sessionId?: string };
    if (f.op === "ready") resolve(f.sessionId!);
  }));
  const tally = new Tally();
  const opensBefore = linkOpens(cluster);
  const started = Date.now();
  await forEachLimited(Array.from({ length: total }, (_, i) => i), 16, async () => {
    if (rng.next() < 0.03) {
      tally.add(`raw ${await rawRequest(port, rng)}`);
      return;
    }
    const [natural, target] = route(rng, sessionId);
    // Mostly the route's own method, so most inputs reach a handler; sometimes any method.
    const method = rng.next() < 0.8 ? natural : rng.pick(METHODS);
    const headers: Record<string, string> = {};
    const auth = rng.next();
    if (auth < 0.92) headers.Authorization = PW;
    else if (auth < 0.96) headers.Authorization = "wrong";
    headers["Content-Type"] = rng.pick(["application/json", "application/json", "application/json", "application/json; charset=utf-8", "text/plain", ""]);
    const payload = method === "GET" || method === "HEAD" ? undefined : body(rng);
    const status = await fetch(base + target, { method, headers, body: payload, signal: AbortSignal.timeout(15000) })
      .then(async (res) => { await res.arrayBuffer().catch(() => undefined); return String(res.status); }, (err: Error) => `fetch failed: ${err.name}`);
    tally.add(status);
  });
  const elapsedS = (Date.now() - started) / 1000;
  const after = await fetch(`${base}/v4/sessions/${sessionId}/players/940000000000000777`, { method: "PATCH", headers: { Authorization: PW, "Content-Type": "application/json" }, body: JSON.stringify({ volume: 42 }) })
    .then((r) => String(r.status), (e: Error) => e.message);
  const crashes = await countCrashes(cluster);
  const tornLinks = linkOpens(cluster) - opensBefore;
  const rows = tally.rows("status");
  const fiveHundreds = tally.get("500") + tally.get("raw 500");
  const other5xx = rows.filter((r) => /^(raw )?5\d\d$/.test(String(r.status)) && !/500$/.test(String(r.status))).reduce((n, r) => n + Number(r.inputs), 0);
  printTable(rows);
  printTable([{ requests: total, "req/s": Math.round(total / elapsedS), crashes, "500s": fiveHundreds, "other 5xx": other5xx, "torn links": tornLinks, "valid PATCH after": after }]);
  writeResults("fuzz-lavalink-rest", { total, seconds: elapsedS, crashes, fiveHundreds, other5xx, tornLinks, after, statuses: tally.toJSON() });
  if (crashes > 0 || fiveHundreds > 0 || tornLinks > 0 || after !== "200") throw new Error(`fuzz failed: ${crashes} crash(es), ${fiveHundreds} 500(s), ${tornLinks} torn link(s), after: ${after}`);
});
