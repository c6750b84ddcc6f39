/**
 * The baseline of the scale benchmark, on the same emulators as Pyro: players created by PATCHing
 * each emulator's REST API directly (as a Lavalink client library does), and the latency of the
 * `playerUpdate` frames those players then send on the client's own WebSocket. The players are
 * destroyed at the end by closing the WebSockets (sessions without resuming die with their socket).
 */
import { WebSocket } from "ws";
import type { EmulatorProcess } from "../../test/support/emulator-process";
import { BOT_USER_ID, voiceFor } from "../../test/support/lavanode-harness";
import { waitFor } from "../../test/support/wait-for";
import { runConcurrent, type ConcurrentRun } from "./concurrent-calls";
import { createKeepAliveAgent, httpRequest } from "./http-json";

/** Wait between the last creation and the recording window, ms. */
const SETTLE_MS = 500;

/** Figures of the direct baseline. */
export interface DirectBaseline {
  create: ConcurrentRun;
  /** Receive time minus the frame's `state.time`, ms, for playerUpdates received in the window. */
  updateLatencyMs: number[];
  windowMs: number;
}

/** A Lavalink WebSocket session that timestamps playerUpdate frames on arrival. */
async function openSession(e: EmulatorProcess, onUpdate: (latencyMs: number) => void): Promise<{ ws: WebSocket; sessionId: string }> {
  const ws = new WebSocket(`${e.url.replace(/^http/, "ws")}/v4/websocket`, { headers: { Authorization: e.password, "User-Id": BOT_USER_ID, "Client-Name": "pyro-bench/1" } });
  const sessionId = await new Promise<string>((resolve, reject) => {
    ws.once("error", reject);
    ws.on("message", (data: Buffer) => {
      const f = JSON.parse(data.toString()) as { op: string; sessionId?: string; state?: { time: number } };
      if (f.op === "ready") resolve(f.sessionId!);
      else if (f.op === "playerUpdate") onUpdate(Date.now() - f.state!.time);
    });
  });
  return { ws, sessionId };
}

/**
 * Creates a playing player per guild (guild `i` on emulator `i % emulators.length`) with
 * `concurrency` callers over keep-alive sockets, records playerUpdate latency for `windowMs` from
 * 500 ms after the last creation, then closes the sessions and waits until every emulator has dropped them.
 * @throws when a session does not open or the emulators keep the sessions for 10 s.
 */
export async function runDirectBaseline(emulators: readonly EmulatorProcess[], guilds: readonly string[], encodedTrack: string, concurrency: number, windowMs: number): Promise<DirectBaseline> {
  let recording = false;
  const updateLatencyMs: number[] = [];
  const sessions = await Promise.all(emulators.map((e) => openSession(e, (ms) => recording && updateLatencyMs.push(ms))));
  const agent = createKeepAliveAgent(concurrency);
  try {
    const create = await runConcurrent(guilds.length, concurrency, async (i) => {
      const k = i % emulators.length;
      const e = emulators[k]!;
      const { status, text } = await httpRequest(agent, {
        port: e.port, password: e.password, method: "PATCH", path: `/v4/sessions/${sessions[k]!.sessionId}/players/${guilds[i]!}`,
        body: { track: { encoded: encodedTrack }, voice: voiceFor(guilds[i]!) },
      });
      if (status !== 200) throw new Error(`PATCH answered ${status}: ${text}`);
    });
    // Skip the frame each PATCH triggers and let the last periodic ones land (the emulator ticks
    // every <= 250 ms): from then on every player sends exactly one playerUpdate per interval.
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    recording = true;
    await new Promise((r) => setTimeout(r, windowMs));
    recording = false;
    return { create, updateLatencyMs, windowMs };
  } finally {
    agent.destroy();
    for (const s of sessions) s.ws.terminate();
    const ids = new Set(sessions.map((s) => s.sessionId));
    await waitFor(async () => (await Promise.all(emulators.map((e) => e.state()))).every((st) => st.sessions.every((s) => !ids.has(s.sessionId))),
      { timeoutMs: 10000, what: "the emulators to drop the baseline sessions" });
  }
}
