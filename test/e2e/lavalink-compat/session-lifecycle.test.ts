/**
 * Virtual session lifecycle on Pyro's endpoint with a raw WebSocket client: events queued while
 * PAUSED are replayed on resume (then one playerUpdate per player), REST answers 404 while paused,
 * a non-resuming close destroys the session's players, and an expired session's players are
 * destroyed by the Router.
 */
import WebSocket from "ws";
import { playersByGuild } from "../../support/emulator-process";
import { waitFor } from "../../support/wait-for";
import { startPyroTarget, type PyroTarget } from "./pyro-target";

let target: PyroTarget;
let base: string;
const auth = { Authorization: "compat-pw" };
const json = { ...auth, "Content-Type": "application/json" };

interface Client { ws: WebSocket; frames: Array<Record<string, any>>; sessionId: string; resumedHeader: string | undefined }

async function connect(sessionId?: string): Promise<Client> {
  const ws = new WebSocket(`ws://127.0.0.1:${target.port}/v4/websocket`, { headers: { ...auth, "User-Id": "42", ...(sessionId ? { "Session-Id": sessionId } : {}) } });
  const frames: Array<Record<string, any>> = [];
  let resumedHeader: string | undefined;
  ws.on("upgrade", (res) => (resumedHeader = res.headers["session-resumed"] as string | undefined));
  ws.on("message", (m) => frames.push(JSON.parse(String(m)) as Record<string, any>));
  const ready = await waitFor(() => frames.find((f) => f.op === "ready"), { timeoutMs: 15000, what: "ready" });
  return { ws, frames, sessionId: ready.sessionId as string, resumedHeader };
}

const patch = (sessionId: string, guild: string, body: unknown) =>
  fetch(`${base}/v4/sessions/${sessionId}/players/${guild}`, { method: "PATCH", headers: json, body: JSON.stringify(body) });
const voice = { token: "t", endpoint: "127.0.0.1:1", sessionId: "v", channelId: "9" };

async function heldBy(guild: string): Promise<boolean> {
  for (const s of (await target.cluster.states()).values()) if (playersByGuild(s).has(guild)) return true;
  return false;
}

async function closeAndWait(c: Client): Promise<void> {
  const closed = new Promise((r) => c.ws.once("close", r));
  c.ws.close();
  await closed;
}

beforeAll(async () => {
  target = await startPyroTarget();
  base = `http://127.0.0.1:${target.port}`;
});

afterAll(async () => {
  await target?.close();
});

describe("virtual Lavalink sessions", () => {
  it("queues events while paused and replays them on resume, then one playerUpdate per player", async () => {
    const c = await connect();
    await fetch(`${base}/v4/sessions/${c.sessionId}`, { method: "PATCH", headers: json, body: JSON.stringify({ resuming: true, timeout: 30 }) });
    const track = (await (await fetch(`${base}/v4/loadtracks?identifier=${encodeURIComponent("emulator:short:1500")}`, { headers: auth })).json() as { data: { encoded: string } }).data.encoded;
    expect((await patch(c.sessionId, "900000000000006001", { voice, track: { encoded: track } })).status).toBe(200);
    await waitFor(() => c.frames.some((f) => f.type === "TrackStartEvent"), { what: "start" });
    await closeAndWait(c);
    // Like Lavalink, the server pauses the session when it processes the close: poll briefly.
    await waitFor(async () => (await fetch(`${base}/v4/sessions/${c.sessionId}/players`, { headers: auth })).status === 404, { what: "404 while paused" });
    // The track ends while nobody listens.
    await waitFor(async () => (await target.cluster.registry.players.get("900000000000006001"))?.state.encodedTrack === null, { timeoutMs: 15000, what: "track over" });
    const again = await connect(c.sessionId);
    expect(again.resumedHeader).toBe("true");
    expect(again.frames[0]).toEqual({ op: "ready", resumed: true, sessionId: c.sessionId });
    await waitFor(() => again.frames.some((f) => f.op === "playerUpdate"), { what: "playerUpdate after replay" });
    const ops = again.frames.map((f) => (f.op === "event" ? `${f.type}:${f.reason ?? ""}` : f.op));
    const end = ops.indexOf("TrackEndEvent:finished");
    expect(end).toBeGreaterThan(0);
    expect(end).toBeLessThan(ops.indexOf("playerUpdate"));
    await fetch(`${base}/v4/sessions/${c.sessionId}`, { method: "PATCH", headers: json, body: JSON.stringify({ resuming: false }) });
    await closeAndWait(again);
    await waitFor(async () => (await target.cluster.registry.players.get("900000000000006001")) === null, { what: "players destroyed on a non-resuming close" });
  });

  it("an expired paused session loses its players", async () => {
    const c = await connect();
    await fetch(`${base}/v4/sessions/${c.sessionId}`, { method: "PATCH", headers: json, body: JSON.stringify({ resuming: true, timeout: 1 }) });
    const track = (await (await fetch(`${base}/v4/loadtracks?identifier=${encodeURIComponent("emulator:long:600000")}`, { headers: auth })).json() as { data: { encoded: string } }).data.encoded;
    await patch(c.sessionId, "900000000000006002", { voice, track: { encoded: track } });
    await waitFor(() => heldBy("900000000000006002"), { what: "player on a node" });
    await closeAndWait(c);
    await waitFor(async () => !(await heldBy("900000000000006002")) && (await target.cluster.registry.lavalinkSessions.get(c.sessionId)) === null, { timeoutMs: 15000, what: "expired session cleaned up" });
    const late = await connect(c.sessionId);
    expect(late.resumedHeader).toBe("false");
    expect(late.sessionId).not.toBe(c.sessionId);
    await closeAndWait(late);
  });
});
