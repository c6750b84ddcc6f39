/**
 * Fuzzer of the Router's Lavalink-compatible WebSocket face: a live cluster (1 emulator,
 * 1 Lavanode, 1 Router with --lavalink-port, Redis) receives mutated handshakes (passwords,
 * User-Id, Client-Name and Session-Id headers, paths) and malformed frames on open sessions
 * (truncated and wrongly typed JSON, binary data, deep nesting, frames past the 64 KiB cap, which
 * close the socket with 1009 and are reopened). Counts handshake statuses, frames and close codes,
 * crashes and torn-down Router-Lavanode links; a 5xx handshake, a crash or a torn link fails the
 * run, and a control session must still answer REST calls at the end.
 *
 *   node -r @swc-node/register bench/fuzz-lavalink-ws.ts [--quick] [--inputs N] [--seed N]   (quick: 10,000; default 50,000)
 */
import WebSocket from "ws";
import { forEachLimited } from "../services/common/src/for-each-limited";
import { stablePort } from "../test/support/stable-port";
import { generateFuzzFrames } from "../test/support/lavalink-fuzz";
import { createRng, type Rng } from "./chaos/rng";
import { runBenchmark } from "./support/cleanup";
import { intOption, isQuick } from "./support/cli-options";
import { crashes as countCrashes, linkOpens, Tally } from "./support/fuzz-kit";
import { startPyroCluster } from "./support/pyro-cluster";
import { startRedisServer } from "./support/redis-server";
import { printTable } from "./support/table";
import { writeResults } from "./support/results-file";

const PW = "fuzz-ws-pw";
const G = "950000000000000001";
const TRACK = { encoded: "QAAAUQMA", info: { identifier: "x", isSeekable: true, author: "a", length: 1000, isStream: false, position: 0, title: "t", uri: null, artworkUrl: null, isrc: null, sourceName: "emulator" }, pluginInfo: {}, userData: {} };

/** Handshake headers and path with some values mutated. */
function handshake(rng: Rng, knownSession: string): { path: string; headers: Record<string, string> } {
  const odd = (): string => rng.pick(["", "0", "-1", "abc", "1".repeat(30), "é", "\u{1F600}", "x".repeat(8000), "%E0%A4%A", " 1 "]);
  const headers: Record<string, string> = {};
  if (rng.next() < 0.85) headers.Authorization = rng.next() < 0.9 ? PW : odd();
  if (rng.next() < 0.9) headers["User-Id"] = rng.next() < 0.7 ? "100000000000000001" : odd();
  if (rng.next() < 0.5) headers["Client-Name"] = rng.next() < 0.5 ? "fuzz/1.0" : odd();
  if (rng.next() < 0.3) headers["Session-Id"] = rng.next() < 0.3 ? knownSession : odd();
  const path = rng.next() < 0.9 ? "/v4/websocket" : rng.pick(["/v4/websocket/", "/v4/websocket?x=%E0", "/v3/websocket", "/%E0%A4%A", "/v4/websocket%00"]);
  return { path, headers };
}

/** Opens a socket; resolves with it (open) or with the handshake's status. */
function open(port: number, path: string, headers: Record<string, string>): Promise<WebSocket | string> {
  return new Promise((resolve) => {
    let ws: WebSocket;
    try {
      ws = new WebSocket(`ws://127.0.0.1:${port}${path}`, { headers, handshakeTimeout: 15000 });
    } catch (err) {
      resolve(`client refused: ${(err as Error).name}`);
      return;
    }
    ws.on("unexpected-response", (_req, res) => { res.resume(); resolve(String(res.statusCode)); ws.terminate(); });
    ws.on("open", () => resolve(ws));
    ws.on("error", (err) => resolve(`error: ${err.message.slice(0, 40)}`));
  });
}

runBenchmark(async (cleanup) => {
  const quick = isQuick();
  const total = intOption("inputs", quick ? 10_000 : 50_000);
  const rng = createRng(intOption("seed", 1357));
  const redis = await startRedisServer();
  cleanup.add(() => redis.stop());
  const port = await stablePort();
  const cluster = await startPyroCluster({ redisUrl: redis.url, nodes: 1, routers: 1, emulatorArgs: ["--stats-interval-ms", "1000"], routerArgs: ["--lavalink-port", String(port), "--lavalink-password", PW] }, cleanup);
  const control = await open(port, "/v4/websocket", { Authorization: PW, "User-Id": "100000000000000001" });
  if (typeof control === "string") throw new Error(`control session: ${control}`);
  cleanup.add(() => control.close());
  const sessionId = await new Promise<string>((resolve) => control.on("message", (m) => {
    const f = JSON.parse(String(m)) as { op: string; sessionId?: string };
    if (f.op === "ready") resolve(f.sessionId!);
  }));

  const frames = generateFuzzFrames(intOption("seed", 1357), total, [G], TRACK);
  const handshakes = new Tally();
  const closes = new Tally();
  const kinds = new Tally();
  const pool: Array<WebSocket | undefined> = Array.from({ length: 8 });
  const socketAt = async (i: number): Promise<WebSocket | undefined> => {
    const cur = pool[i];
    if (cur && cur.readyState === WebSocket.OPEN) return cur;
    const ws = await open(port, "/v4/websocket", { Authorization: PW, "User-Id": "100000000000000001" });
    if (typeof ws === "string") { handshakes.add(`pool: ${ws}`); return undefined; }
    ws.on("close", (code) => closes.add(String(code)));
    pool[i] = ws;
    return ws;
  };
  cleanup.add(() => { for (const ws of pool) ws?.terminate(); });
  const opensBefore = linkOpens(cluster);
  const started = Date.now();
  await forEachLimited(Array.from({ length: total }, (_, i) => i), 8, async (i) => {
    if (rng.next() < 0.3) {
      const h = handshake(rng, sessionId);
      const r = await open(port, h.path, h.headers);
      if (typeof r === "string") handshakes.add(r);
      else { handshakes.add("101"); r.close(); }
      return;
    }
    const ws = await socketAt(i % pool.length);
    if (!ws) return;
    const f = frames[i]!;
    kinds.add(f.kind);
    await new Promise<void>((resolve) => ws.send(typeof f.frame === "string" ? f.frame : Buffer.from(f.frame.binary, "base64"), () => resolve()));
  });
  const elapsedS = (Date.now() - started) / 1000;
  const after = await fetch(`http://127.0.0.1:${port}/v4/sessions/${sessionId}/players`, { headers: { Authorization: PW } }).then((r) => String(r.status), (e: Error) => e.message);
  const crashes = await countCrashes(cluster);
  const tornLinks = linkOpens(cluster) - opensBefore;
  const server5xx = handshakes.rows("h").filter((r) => /(^|: )5\d\d$/.test(String(r.h))).reduce((n, r) => n + Number(r.inputs), 0);
  printTable(handshakes.rows("handshake"));
  printTable(kinds.rows("frame kind"));
  printTable(closes.rows("pool socket close code"));
  printTable([{ inputs: total, "inputs/s": Math.round(total / elapsedS), crashes, "5xx handshakes": server5xx, "torn links": tornLinks, "control session REST after": after }]);
  writeResults("fuzz-lavalink-ws", { total, seconds: elapsedS, crashes, server5xx, tornLinks, after, handshakes: handshakes.toJSON(), frames: kinds.toJSON(), closes: closes.toJSON() });
  if (crashes > 0 || server5xx > 0 || tornLinks > 0 || after !== "200") throw new Error(`fuzz failed: ${crashes} crash(es), ${server5xx} 5xx, ${tornLinks} torn link(s), after: ${after}`);
});
