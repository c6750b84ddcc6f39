/**
 * The emulator at scale: creates thousands of playing players in one emulator process (16 concurrent
 * keep-alive PATCHes), then checks the shared timer still moves every player and the stats frame
 * counts them. Prints players/s, memory of the emulator process and the time to list all players.
 *
 *   node -r @swc-node/register bench/emulator-scale.ts [--quick] [--players 10000]
 *
 * Writes bench/results/emulator-scale.json.
 */
import { readFileSync, mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { startEmulatorProcess } from "../test/support/emulator-process";
import { RawClient } from "../test/lavalink-emulator/raw-client";
import { createKeepAliveAgent, httpRequest } from "./support/http-json";
import { msSince } from "./support/percentiles";
import { printTable } from "./support/table";

const WORKERS = 16;
const FIRST_GUILD = 100000;
const CLOCK_SPEED = 10;

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isInteger(v) || v <= 0) throw new Error(`--${name} needs a positive integer`);
  return v;
}

/** Resident set size of a process in MiB, from /proc (Linux); NaN elsewhere. */
function rssMiB(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb ? Number(kb) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** Polls `probe` every 50 ms until it returns a value, or throws after `timeoutMs`. */
async function until<T>(probe: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function main(): Promise<void> {
  const players = option("players", process.argv.includes("--quick") ? 2000 : 10000);
  const emulator = await startEmulatorProcess(["--player-update-interval-ms", "5000", "--stats-interval-ms", "1000", "--clock-speed", String(CLOCK_SPEED)]);
  const agent = createKeepAliveAgent(WORKERS);
  let client: RawClient | undefined;
  try {
    const pid = emulator.proc.pid!;
    client = await RawClient.connect(emulator.url, { password: emulator.password });
    const sessionId = client.sessionId;
    const req = (method: "GET" | "PATCH", path: string, body?: unknown) => httpRequest(agent, { port: emulator.port, method, path, password: emulator.password, body });
    const heapUsedMiB = async (): Promise<number> => (JSON.parse((await req("GET", "/v4/stats")).text) as { memory: { used: number } }).memory.used / 2 ** 20;
    const rssBefore = rssMiB(pid);
    const heapBefore = await heapUsedMiB();

    const voice = { token: "t", endpoint: "e", sessionId: "s", channelId: "1" };
    let next = 0;
    const started = process.hrtime.bigint();
    await Promise.all(Array.from({ length: WORKERS }, async () => {
      while (next < players) {
        const guild = FIRST_GUILD + next++;
        const { status } = await req("PATCH", `/v4/sessions/${sessionId}/players/${guild}`, { voice, track: { identifier: `emulator:t${guild % 50}:36000000` } });
        if (status !== 200) throw new Error(`PATCH ${guild} answered ${status}`);
      }
    }));
    const createMs = msSince(started);

    const state = (await emulator.state()).counters;
    if (state.playersCreated !== players || state.trackStarts !== players) throw new Error(`expected ${players} players, counters say ${JSON.stringify(state)}`);
    const from = client.frames.length;
    await client.waitFrame((f) => f.op === "stats" && f.playingPlayers === players, { timeoutMs: 30000, from });

    const listStart = process.hrtime.bigint();
    const all = JSON.parse((await req("GET", `/v4/sessions/${sessionId}/players`)).text) as Array<{ guildId: string; state: { position: number } }>;
    const listMs = msSince(listStart);
    const before = new Map(all.map((p) => [p.guildId, p.state.position]));
    // The shared timer must move every player, the first and the last alike.
    const advanced = await until(async () => {
      const now = JSON.parse((await req("GET", `/v4/sessions/${sessionId}/players`)).text) as typeof all;
      return now.every((p) => p.state.position > before.get(p.guildId)!) ? now.length : undefined;
    }, 30000, "every position to advance");
    const rssAfter = rssMiB(pid);
    const heapAfter = await heapUsedMiB();

    const figures = {
      players, workers: WORKERS, createMs, playersPerSecond: players / (createMs / 1000), listAllMs: listMs, advanced,
      rssBeforeMiB: rssBefore, rssAfterMiB: rssAfter, heapUsedBeforeMiB: heapBefore, heapUsedAfterMiB: heapAfter,
      rssPerPlayerKiB: ((rssAfter - rssBefore) * 1024) / players, heapPerPlayerKiB: ((heapAfter - heapBefore) * 1024) / players,
    };
    process.stdout.write(`\nemulator scale: ${players} playing players in one process, ${WORKERS} keep-alive workers, ${cpus().length} CPUs\n\n`);
    printTable([
      { figure: "players created per second", value: figures.playersPerSecond },
      { figure: `time to create ${players} players (ms)`, value: createMs },
      { figure: `GET all ${players} players (ms)`, value: listMs },
      { figure: "players whose position advanced", value: advanced },
      { figure: "emulator RSS before → after (MiB)", value: `${rssBefore.toFixed(1)} → ${rssAfter.toFixed(1)}` },
      { figure: "emulator heap used before → after (MiB)", value: `${heapBefore.toFixed(1)} → ${heapAfter.toFixed(1)}` },
      { figure: "RSS per player (KiB)", value: figures.rssPerPlayerKiB },
      { figure: "heap per player (KiB)", value: figures.heapPerPlayerKiB },
    ], { digits: 1 });

    const results = join(__dirname, "results");
    mkdirSync(results, { recursive: true });
    const file = join(results, "emulator-scale.json");
    writeFileSync(file, `${JSON.stringify({
      benchmark: "emulator-scale", at: new Date().toISOString(), command: `node -r @swc-node/register bench/emulator-scale.ts ${process.argv.slice(2).join(" ")}`.trim(),
      node: process.version, cpus: cpus().length, clockSpeed: CLOCK_SPEED, ...figures,
    }, null, 2)}\n`);
    process.stdout.write(`\nwrote ${file}\n`);
  } finally {
    await client?.close();
    agent.destroy();
    await emulator.stop();
  }
}

main().then(() => process.exit(0), (err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
