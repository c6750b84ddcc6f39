// LavalinkSession against the in-process emulator: handshake headers, ready, resume configuration,
// playerUpdate/events, resume after a dropped socket, dead-socket detection, start-by-resume, and `lost`.
import { startEmulator, type Emulator } from "../../lavalink-emulator";
import { createLavalinkRest, LavalinkSession, type LavalinkRest, type LavalinkSessionOptions } from "../../../services/lavanode/src/lavalink";
import { type LavalinkEvent } from "../../../services/common/src/lavalink-protocol";
import { nextEvent, VOICE, waitFor } from "./helpers";

const PASSWORD = "ws-pass";
const USER_ID = "170939974227591168";
let emulator: Emulator;
let rest: LavalinkRest;
const sessions: LavalinkSession[] = [];

/** Builds a session that is closed after each test; fast backoff and keepalive for tests. */
function makeSession(extra: Partial<LavalinkSessionOptions> = {}, target: Emulator = emulator): LavalinkSession {
  const s = new LavalinkSession({
    baseUrl: target.url, password: PASSWORD, userId: USER_ID, rest: target === emulator ? rest : undefined,
    backoff: { initialMs: 50, maxMs: 400 }, pingIntervalMs: 500, pongTimeoutMs: 1000, ...extra,
  });
  sessions.push(s);
  return s;
}

async function playOn(sessionId: string, guildId: string, identifier: string): Promise<void> {
  const load = await rest.loadTracks(identifier);
  if (load.loadType !== "track") throw new Error(load.loadType);
  await rest.updatePlayer(sessionId, guildId, { voice: VOICE, track: { encoded: load.data.encoded } });
}

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, password: PASSWORD, voice: "simulated", statsIntervalMs: 60000, playerUpdateIntervalMs: 200, clockSpeed: 1 });
  rest = createLavalinkRest({ baseUrl: emulator.url, password: PASSWORD, timeoutMs: 5000 });
});

afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.close({ destroySession: true })));
});

afterAll(async () => {
  rest?.close();
  await emulator?.close();
});

test("connects with the handshake headers, receives ready and enables resuming", async () => {
  const s = makeSession({ resumeTimeoutSec: 30 });
  const stats = nextEvent(s, "stats");
  const ready = await s.start({ signal: AbortSignal.timeout(10000) });
  expect(ready).toMatchObject({ op: "ready", resumed: false, sessionId: expect.stringMatching(/^[a-z0-9]{16}$/) });
  expect(s.state).toBe("ready");
  expect(s.sessionId).toBe(ready.sessionId);
  const snap = emulator.sessions().find((x) => x.sessionId === ready.sessionId);
  expect(snap).toMatchObject({ userId: USER_ID, clientName: expect.stringMatching(/^Pyro\//), resuming: true, timeoutSeconds: 30 });
  const [frame] = await stats; // the emulator's immediate stats frame arrives around ready and is delivered after it
  expect(frame.op).toBe("stats");
  expect(frame.frameStats).toBeNull();
});

test("delivers playerUpdate and track events", async () => {
  const s = makeSession();
  const { sessionId } = await s.start({ signal: AbortSignal.timeout(10000) });
  const guildId = "100000000000000001";
  const events: LavalinkEvent[] = [];
  s.on("event", (e) => events.push(e));
  const update = nextEvent(s, "playerUpdate", (u) => u.guildId === guildId && u.state.connected);
  await playOn(sessionId, guildId, "emulator:First:600000");
  await waitFor("TrackStartEvent", () => events.some((e) => e.type === "TrackStartEvent" && e.track.info.title === "First"));
  const [u] = await update;
  expect(u.state.ping).toBeGreaterThanOrEqual(0);

  await playOn(sessionId, guildId, "emulator:Second:600000");
  await waitFor("replaced + start", () =>
    events.some((e) => e.type === "TrackEndEvent" && e.reason === "replaced") &&
    events.some((e) => e.type === "TrackStartEvent" && e.track.info.title === "Second"));
  await rest.updatePlayer(sessionId, guildId, { track: { encoded: null } });
  await waitFor("stopped", () => events.some((e) => e.type === "TrackEndEvent" && e.reason === "stopped" && e.track.info.title === "Second"));
  await rest.destroyPlayer(sessionId, guildId);
  await waitFor("WebSocketClosedEvent", () => events.some((e) => e.type === "WebSocketClosedEvent" && e.code === 1000 && !e.byRemote));
  expect(s.malformedFrames).toBe(0);
});

test("resumes after the socket drops: same session id, resumed=true, players kept", async () => {
  const s = makeSession();
  const { sessionId } = await s.start({ signal: AbortSignal.timeout(10000) });
  const guildId = "100000000000000002";
  await playOn(sessionId, guildId, "emulator:Resume Me:600000");
  const createdBefore = emulator.counters.playersCreated;
  const startsBefore = emulator.counters.trackStarts;

  const disconnected = nextEvent(s, "disconnected");
  const resumed = nextEvent(s, "ready");
  emulator.control.dropWebSocket();
  await disconnected;
  const [ready] = await resumed;
  expect(ready).toEqual({ op: "ready", resumed: true, sessionId });
  expect(s.sessionId).toBe(sessionId);
  expect(s.state).toBe("ready");
  expect(s.counters).toMatchObject({ reconnects: 1, resumes: 1, lost: 0 });
  const player = await rest.getPlayer(sessionId, guildId);
  expect(player.track?.info.title).toBe("Resume Me");
  expect(emulator.counters.playersCreated).toBe(createdBefore);
  expect(emulator.counters.trackStarts).toBe(startsBefore);
  // The emulator sends one fresh playerUpdate per player after a resume.
  await nextEvent(s, "playerUpdate", (u) => u.guildId === guildId);
});

test("a frozen Lavalink is detected by ping/pong; the session recovers after it thaws", async () => {
  const s = makeSession({ pingIntervalMs: 200, pongTimeoutMs: 400, handshakeTimeoutMs: 1500 });
  const { sessionId } = await s.start({ signal: AbortSignal.timeout(10000) });
  const lost: string[] = [];
  s.on("lost", (l) => lost.push(l.reason));
  const disconnected = nextEvent(s, "disconnected", () => true, 15000);
  emulator.control.freeze();
  try {
    const [info] = await disconnected;
    expect(info).toMatchObject({ code: 1006, sessionId });
    expect(s.state).toBe("resuming");
  } finally {
    emulator.control.unfreeze();
  }
  const [ready] = await nextEvent(s, "ready", () => true, 15000);
  // A reconnect parked by the frozen node may be served before the node notices the old socket closed; it
  // then answers with a new session (as Lavalink would), which the client must report as lost.
  if (ready.resumed) expect(ready.sessionId).toBe(sessionId);
  else expect(lost).toEqual(["not-resumed"]);
  expect(s.state).toBe("ready");
});

test("a restarted client starts by resuming its predecessor's session", async () => {
  const first = makeSession();
  const { sessionId } = await first.start({ signal: AbortSignal.timeout(10000) });
  const guildId = "100000000000000003";
  await playOn(sessionId, guildId, "emulator:Handover:600000");
  await first.close(); // resuming stays enabled: Lavalink pauses the session
  await waitFor("session paused", () => emulator.sessions().find((x) => x.sessionId === sessionId)?.state === "paused");

  const second = makeSession({ resumeSessionId: sessionId });
  expect(second.state).toBe("idle");
  const ready = await second.start({ signal: AbortSignal.timeout(10000) });
  expect(ready).toEqual({ op: "ready", resumed: true, sessionId });
  expect((await rest.getPlayer(sessionId, guildId)).track?.info.title).toBe("Handover");
});

test("resuming an expired session id reports lost, then continues on a new session", async () => {
  const s = makeSession({ resumeSessionId: "abcdefghij012345" });
  const lost = nextEvent(s, "lost");
  const ready = await s.start({ signal: AbortSignal.timeout(10000) });
  expect(await lost).toEqual([{ sessionId: "abcdefghij012345", reason: "not-resumed" }]);
  expect(ready.resumed).toBe(false);
  expect(ready.sessionId).not.toBe("abcdefghij012345");
  expect(s.sessionId).toBe(ready.sessionId);
});

test("wrong password: start rejects with LavalinkUnavailableError (HTTP 401) and the session closes", async () => {
  const s = makeSession({ password: "nope" });
  const err = await s.start({ signal: AbortSignal.timeout(10000) }).catch((e) => e);
  expect(err).toMatchObject({ code: "LAVALINK_UNAVAILABLE" });
  expect(err.message).toContain("HTTP 401");
  expect(err.message).not.toContain("nope");
  expect(s.state).toBe("closed");
});

test("start honours the caller's signal while Lavalink is unreachable", async () => {
  const dead = await startEmulator({ port: 0, password: PASSWORD });
  await dead.control.kill();
  try {
    const s = makeSession({}, dead);
    const reason = new Error("deadline");
    const ac = new AbortController();
    const errors = nextEvent(s, "connectError");
    const started = s.start({ signal: ac.signal });
    await errors;
    ac.abort(reason);
    await expect(started).rejects.toBe(reason);
    await waitFor("closed", () => s.state === "closed");
  } finally {
    await dead.close();
  }
});

test("Lavalink killed (reconnect refused) → lost at once, with the default 60 s window; after revive a new session", async () => {
  const node = await startEmulator({ port: 0, password: PASSWORD, voice: "simulated" });
  try {
    const s = makeSession({}, node); // resumeTimeoutSec and resumeWindowMs at their defaults (60 s)
    const first = await s.start({ signal: AbortSignal.timeout(10000) });
    const states: string[] = [];
    s.on("stateChange", ({ to }) => states.push(to));
    // Far below the 60 s window: the old code waited the window out before reporting anything.
    const lost = nextEvent(s, "lost", () => true, 10000);
    await node.control.kill();
    const [info] = await lost;
    expect(info).toEqual({ sessionId: first.sessionId, reason: "lavalink-gone" });
    expect(s.state).toBe("lost");
    expect(s.sessionId).toBeNull();
    expect(states).toEqual(["resuming", "lost"]);

    const ready = nextEvent(s, "ready", () => true, 15000);
    await node.control.revive();
    const [fresh] = await ready;
    expect(fresh.resumed).toBe(false);
    expect(fresh.sessionId).not.toBe(first.sessionId);
    expect(s.state).toBe("ready");
    expect(s.counters.lost).toBe(1);
  } finally {
    await node.close();
  }
});

test("an ambiguous outage (Lavalink frozen: connections accepted, never answered) waits out the resume window", async () => {
  const node = await startEmulator({ port: 0, password: PASSWORD, voice: "simulated" });
  try {
    const s = makeSession({ resumeTimeoutSec: 1, resumeWindowMs: 1000, handshakeTimeoutMs: 300 }, node);
    const first = await s.start({ signal: AbortSignal.timeout(10000) });
    const lost = nextEvent(s, "lost", () => true, 15000);
    node.control.freeze();
    node.control.dropWebSocket();
    const [info] = await lost;
    expect(info).toEqual({ sessionId: first.sessionId, reason: "resume-window-expired" });
  } finally {
    node.control.unfreeze();
    await node.close();
  }
});
