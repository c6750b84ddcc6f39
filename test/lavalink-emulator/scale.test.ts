import { Agent } from "node:http";
import { request } from "node:http";
import { Emulator, startEmulator } from "./index";
import { RawClient } from "./raw-client";
import { waitFor } from "./wait-for";

const PLAYERS = 10000;

let emu: Emulator;
afterAll(async () => {
  await emu?.close();
});

/** PATCH over a keep-alive agent (fetch would open too many sockets for 10,000 calls). */
function patch(agent: Agent, port: number, path: string, body: unknown): Promise<number> {
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request({ agent, host: "127.0.0.1", port, path, method: "PATCH",
      headers: { Authorization: "youshallnotpass", "Content-Type": "application/json", "Content-Length": Buffer.byteLength(data) } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end(data);
  });
}

describe("scale", () => {
  it("carries 10,000 playing players in one process with one shared timer", async () => {
    emu = await startEmulator({ playerUpdateIntervalMs: 5000, statsIntervalMs: 1000, clockSpeed: 10 });
    const c = await RawClient.connect(emu.url);
    const agent = new Agent({ keepAlive: true, maxSockets: 16 });
    const voice = { token: "t", endpoint: "e", sessionId: "s", channelId: "1" };
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < PLAYERS) {
        const guild = 100000 + next++;
        const status = await patch(agent, emu.port, `/v4/sessions/${c.sessionId}/players/${guild}`, { voice, track: { identifier: `emulator:t${guild % 50}:600000` } });
        if (status !== 200) throw new Error(`PATCH ${guild} → ${status}`);
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    agent.destroy();
    expect(emu.counters.playersCreated).toBe(PLAYERS);
    expect(emu.counters.trackStarts).toBe(PLAYERS);
    const stats = await c.waitFrame((f) => f.op === "stats" && f.playingPlayers === PLAYERS, { timeoutMs: 20000 });
    expect(stats.players).toBe(PLAYERS);
    // Positions advance lazily for every player.
    await waitFor(() => (emu.player(c.sessionId, "100000") as any).state.position > 1000, { timeoutMs: 20000 });
    expect((emu.player(c.sessionId, String(100000 + PLAYERS - 1)) as any).state.position).toBeGreaterThan(0);
    await c.close();
  }, 120000);
});
