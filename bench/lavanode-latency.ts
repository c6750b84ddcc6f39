/**
 * Latency of one player update (a volume change on a playing player) through the Lavanode's Connect
 * stream (`LavanodeLink.command`: gRPC stream → Lavanode → Lavalink PATCH + registry checkpoint)
 * against the same PATCH sent straight to the emulator's REST API over a keep-alive agent. Both run
 * in the same process run, on the same emulator process and the same player, in alternating blocks.
 *
 *   node -r @swc-node/register bench/lavanode-latency.ts [--quick] [--n 2000] [--warmup 200]
 *
 * Starts redis-server, the emulator and a Lavanode as child processes; prints a table and writes
 * bench/results/lavanode-latency.json.
 */
import { cpus } from "node:os";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { RedisRegistry } from "../services/common/src/registry/redis-registry";
import type { LavanodeLink } from "../services/router/src/nodes/lavanode-link";
import type { GetNodeStatusResponse, LoadTracksResponse } from "../gen/ts/pyro/lavanode/v1/lavanode";
import { startEmulatorProcess } from "../test/support/emulator-process";
import { BOT_USER_ID, connectLink, startLavanodeProcess, unary, voiceFor } from "../test/support/lavanode-harness";
import type { PyroProcess } from "../test/support/pyro-process";
import { createKeepAliveAgent, httpRequest } from "./support/http-json";
import { startRedisServer, type RedisServer } from "./support/redis-server";
import { msSince, summarize, type Summary } from "./support/percentiles";
import { printTable } from "./support/table";
import { CLUSTER_TOKEN_ARGS } from "../test/support/cluster-token";

const NODE_ID = "bench-node";
const GUILD = "500000000000000001";
const BLOCK = 100;

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isInteger(v) || v <= 0) throw new Error(`--${name} needs a positive integer`);
  return v;
}

interface Contenders {
  direct(volume: number): Promise<void>;
  stream(volume: number): Promise<void>;
}

/** Runs `n` updates each way in alternating blocks; returns the samples in ms. */
async function measure(c: Contenders, n: number): Promise<{ direct: number[]; stream: number[] }> {
  const out = { direct: [] as number[], stream: [] as number[] };
  let volume = 1;
  for (let done = 0; done < n; done += BLOCK) {
    const size = Math.min(BLOCK, n - done);
    for (const way of ["direct", "stream"] as const) {
      for (let i = 0; i < size; i++) {
        volume = (volume % 999) + 1;
        const start = process.hrtime.bigint();
        await c[way](volume);
        out[way].push(msSince(start));
      }
    }
  }
  return out;
}

async function main(): Promise<void> {
  const quick = process.argv.includes("--quick");
  const n = option("n", quick ? 300 : 2000);
  const warmup = option("warmup", quick ? 50 : 200);
  const cleanup: Array<() => unknown> = [];
  try {
    const redis: RedisServer = await startRedisServer();
    cleanup.push(() => redis.stop());
    const emulator = await startEmulatorProcess([]);
    cleanup.push(() => emulator.stop());
    const prefix = "bench-latency:";
    const lavanode: PyroProcess = await startLavanodeProcess([
      "lavanode", "--node-id", NODE_ID, "--lavalink", emulator.url, "--lavalink-password", emulator.password, "--user-id", BOT_USER_ID,
      "--grpc-host", "127.0.0.1", "--grpc-port", "0", "--redis", redis.url, "--redis-prefix", prefix, "--log-level", "info",
      ...CLUSTER_TOKEN_ARGS,
    ]);
    cleanup.push(() => lavanode.stop());
    const registry = new RedisRegistry({ url: redis.url, keyPrefix: prefix });
    cleanup.push(() => registry.close());
    const link: LavanodeLink = await connectLink(NODE_ID, lavanode.port);
    cleanup.push(() => link.close());

    const loaded = await unary<LoadTracksResponse>((cb) => link.client.loadTracks({ identifier: "emulator:bench:36000000" }, cb));
    if (loaded.result?.result?.$case !== "track") throw new Error("emulator did not load the bench track");
    const { record } = await registry.players.create({ guildId: GUILD, ownerNodeId: NODE_ID, voice: voiceFor(GUILD) });
    const epoch = record.epoch;
    await link.command(GUILD, epoch, {
      $case: "updatePlayer", value: { track: { $case: "encodedTrack", value: loaded.result.result.value.encoded }, voice: voiceFor(GUILD), noReplace: false, fullState: false },
    });
    const sessionId = (await unary<GetNodeStatusResponse>((cb) => link.client.getNodeStatus({}, cb))).status!.sessionId;
    const agent = createKeepAliveAgent(1);
    cleanup.push(() => agent.destroy());
    const path = `/v4/sessions/${sessionId}/players/${GUILD}`;
    const contenders: Contenders = {
      async direct(volume) {
        const { status } = await httpRequest(agent, { port: emulator.port, method: "PATCH", path, password: emulator.password, body: `{"volume":${volume}}` });
        if (status !== 200) throw new Error(`direct PATCH answered ${status}`);
      },
      async stream(volume) {
        await link.command(GUILD, epoch, { $case: "updatePlayer", value: { volume, noReplace: false, fullState: false } });
      },
    };

    await measure(contenders, warmup);
    const samples = await measure(contenders, n);
    const direct = summarize(samples.direct);
    const stream = summarize(samples.stream);
    const ratio = (k: keyof Summary): number => stream[k] / direct[k];
    const row = (name: string, s: Summary) => ({ path: name, n: s.n, "p50 ms": s.p50, "p99 ms": s.p99, "mean ms": s.mean, "max ms": s.max });
    process.stdout.write(`\nplayer update latency, ${n} sequential volume changes each way after ${warmup} warm-up, ${cpus().length} CPUs\n\n`);
    printTable([
      row("direct REST PATCH to emulator (keep-alive)", direct),
      row("Lavanode stream (LavanodeLink.command)", stream),
      { path: "ratio stream / direct", n: "", "p50 ms": ratio("p50"), "p99 ms": ratio("p99"), "mean ms": ratio("mean"), "max ms": ratio("max") },
    ], { columns: ["path", "n", "p50 ms", "p99 ms", "mean ms", "max ms"] });

    const results = join(__dirname, "results");
    mkdirSync(results, { recursive: true });
    const file = join(results, "lavanode-latency.json");
    writeFileSync(file, `${JSON.stringify({
      benchmark: "lavanode-latency", at: new Date().toISOString(), command: `node -r @swc-node/register bench/lavanode-latency.ts ${process.argv.slice(2).join(" ")}`.trim(),
      node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model, n, warmup, blockSize: BLOCK, unit: "ms",
      direct, stream, ratio: { p50: ratio("p50"), p99: ratio("p99"), mean: ratio("mean") },
    }, null, 2)}\n`);
    process.stdout.write(`\nwrote ${file}\n`);
  } finally {
    for (const fn of cleanup.reverse()) await Promise.resolve().then(fn).catch((err: unknown) => process.stderr.write(`cleanup: ${String(err)}\n`));
  }
}

main().then(() => process.exit(0), (err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
