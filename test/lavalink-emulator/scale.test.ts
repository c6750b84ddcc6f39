// A few hundred players on one shared timer. Thousands of players are a benchmark, not a test:
// see bench/emulator-scale.ts (players/s, memory).
import { Agent, request } from "node:http";
import { Emulator, startEmulator } from "./index";
import { RawClient } from "./raw-client";
import { waitFor } from "./wait-for";

const PLAYERS = 300;

let emu: Emulator;
afterAll(async () => {
  await emu?.close();
});

/** PATCH over a keep-alive agent (fetch would open a socket per call). */
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
  it(`carries ${PLAYERS} playing players on one shared timer; every position advances`, async () => {
    emu = await startEmulator({ playerUpdateIntervalMs: 5000, statsIntervalMs: 200, clockSpeed: 10 });
    const c = await RawClient.connect(emu.url);
    const agent = new Agent({ keepAlive: true, maxSockets: 8 });
    const voice = { token: "t", endpoint: "e", sessionId: "s", channelId: "1" };
    const guilds = Array.from({ length: PLAYERS }, (_, i) => String(100000 + i));
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < PLAYERS) {
        const guild = guilds[next++];
        const status = await patch(agent, emu.port, `/v4/sessions/${c.sessionId}/players/${guild}`, { voice, track: { identifier: `emulator:t${Number(guild) % 50}:600000` } });
        if (status !== 200) throw new Error(`PATCH ${guild} → ${status}`);
      }
    };
    try {
      await Promise.all(Array.from({ length: 8 }, worker));
    } finally {
      agent.destroy();
    }
    expect(emu.counters.playersCreated).toBe(PLAYERS);
    expect(emu.counters.trackStarts).toBe(PLAYERS);
    const stats = await c.waitFrame((f) => f.op === "stats" && f.playingPlayers === PLAYERS, { timeoutMs: 10000 });
    expect(stats.players).toBe(PLAYERS);
    // Positions advance lazily from the one media clock: every player moves, the first and the last alike.
    const position = (guild: string): number => (emu.player(c.sessionId, guild) as { state: { position: number } }).state.position;
    const before = new Map(guilds.map((g) => [g, position(g)]));
    await waitFor(() => position(guilds[0]) > before.get(guilds[0])! + 1000, { timeoutMs: 10000 });
    for (const g of guilds) expect(position(g)).toBeGreaterThan(before.get(g)!);
    await c.close();
  });
});
