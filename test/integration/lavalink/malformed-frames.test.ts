// LavalinkSession against a scripted fake Lavalink that sends `stats` before `ready`, malformed frames,
// binary frames and plugin traffic: nothing throws, everything is counted and reported.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer } from "ws";
import { LavalinkSession } from "../../../services/lavanode/src/lavalink";
import { waitFor } from "./helpers";

const SESSION_ID = "fakesession00001";
const STATS = { op: "stats", players: 0, playingPlayers: 0, uptime: 1, memory: { free: 1, used: 1, allocated: 2, reservable: 4 }, cpu: { cores: 2, systemLoad: 0, lavalinkLoad: 0 }, frameStats: null };
let server: Server;
let wss: WebSocketServer;
let baseUrl: string;
const seenHeaders: Record<string, string | undefined>[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.method === "PATCH" && req.url === `/v4/sessions/${SESSION_ID}` && req.headers.authorization === "pw") {
      req.resume();
      res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ resuming: true, timeout: 60 }));
    } else res.writeHead(404).end();
  });
  wss = new WebSocketServer({ server, path: "/v4/websocket" });
  wss.on("connection", (ws, req) => {
    seenHeaders.push({ auth: req.headers.authorization, user: req.headers["user-id"] as string, client: req.headers["client-name"] as string });
    ws.send(JSON.stringify(STATS));
    ws.send(JSON.stringify({ op: "ready", resumed: false, sessionId: SESSION_ID }));
    ws.send("this is not json");
    ws.send(Buffer.from([1, 2, 3]), { binary: true });
    ws.send("[]");
    ws.send(JSON.stringify({ op: "playerUpdate", guildId: "1", state: { time: "soon", position: 0, connected: false, ping: -1 } }));
    ws.send(JSON.stringify({ op: "event", type: "TrackEndEvent", guildId: "1", track: null, reason: "finished" }));
    ws.send(JSON.stringify({ op: "lyrics", guildId: "1", lines: [] }));
    ws.send(JSON.stringify({ op: "event", type: "SegmentSkipped", guildId: "1" }));
    ws.send(JSON.stringify({ op: "playerUpdate", guildId: "1", state: { time: 5, position: 0, connected: false, ping: -1 } }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const ws of wss.clients) ws.terminate();
  wss.close();
  await new Promise((resolve) => server.close(resolve));
});

test("stats before ready, malformed and unknown frames and throwing listeners are counted and reported, never thrown", async () => {
  const s = new LavalinkSession({ baseUrl, password: "pw", userId: "42", clientName: "Pyro/test" });
  const order: string[] = [];
  const malformedPaths: string[] = [];
  const unknown: string[] = [];
  s.on("ready", () => order.push("ready"));
  s.on("stats", () => order.push("stats"));
  s.on("playerUpdate", (u) => order.push(`playerUpdate:${u.state.time}`));
  s.on("malformed", ({ error }) => malformedPaths.push(error.path));
  s.on("unknown", (m) => unknown.push(`${m.rawOp}/${m.rawType}`));
  s.on("stats", () => { throw new Error("listener bug"); });
  const listenerErrors: string[] = [];
  s.on("listenerError", ({ event, error }) => listenerErrors.push(`${event}: ${(error as Error).message}`));
  try {
    const ready = await s.start({ signal: AbortSignal.timeout(10000) });
    expect(ready.sessionId).toBe(SESSION_ID);
    await waitFor("last frame", () => order.includes("playerUpdate:5"));
    expect(order).toEqual(["ready", "stats", "playerUpdate:5"]);
    expect(malformedPaths).toEqual(["frame", "frame", "frame", "playerUpdate.state.time", "event.track"]);
    expect(unknown).toEqual(["lyrics/null", "event/SegmentSkipped"]);
    expect(s.malformedFrames).toBe(5);
    expect(s.counters).toMatchObject({ malformedFrames: 5, unknownMessages: 2, listenerErrors: 1 });
    expect(listenerErrors).toEqual(["stats: listener bug"]);
    expect(s.state).toBe("ready");
    expect(seenHeaders[0]).toEqual({ auth: "pw", user: "42", client: "Pyro/test" });
  } finally {
    await s.close();
  }
});
