/**
 * Queue operations per second on Redis: appends (Enqueue of one encoded track), page reads
 * (GetQueue, 100 entries) and skips (Skip: advance + player update), each sequentially and with
 * 64 concurrent callers, through the Router's gRPC API: unary calls, and the same requests as
 * commands on one bidirectional Session stream. Baseline in the same run: the same operations
 * straight on the registry's RedisQueueStore (no gRPC, no events, no player).
 *
 *   node -r @swc-node/register bench/queue-ops.ts [--n 2000] [--quick (n = 300)]
 *
 * Starts its own redis-server and an in-process Router (no Lavanodes: skips record the player's
 * desired state in the registry); prints a table and writes bench/results/queue-ops.json.
 */
import { cpus } from "node:os";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { silentLogger } from "../services/common/src/logger";
import { RedisRegistry } from "../services/common/src/registry/redis-registry";
import { loadRouterConfig } from "../services/router/src/config";
import { startRouter } from "../services/router/src/router-app";
import { createPyroClient, type PyroClient } from "../clients/ts/src";
import { startRedisServer } from "./support/redis-server";
import { openSessionCaller, type SessionCaller } from "./support/session-caller";
import { printTable } from "./support/table";
import { CLUSTER_TOKEN_ARGS } from "../test/support/cluster-token";

const CONCURRENCY = 64;

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isInteger(v) || v <= 0) throw new Error(`--${name} needs a positive integer`);
  return v;
}

const track = (n: number): string => Buffer.from(`bench-track-${n}`).toString("base64");

/** Runs `op(i)` for i in 0..n-1 with `parallel` workers; returns operations per second. */
async function rate(n: number, parallel: number, op: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const start = process.hrtime.bigint();
  await Promise.all(Array.from({ length: parallel }, async () => {
    for (let i = next++; i < n; i = next++) await op(i);
  }));
  return n / (Number(process.hrtime.bigint() - start) / 1e9);
}

interface Ops {
  append(guild: string, i: number): Promise<unknown>;
  page(guild: string): Promise<unknown>;
  skip(guild: string): Promise<unknown>;
}

function rpcOps(client: PyroClient): Ops {
  return {
    append: (g, i) => client.enqueue({ guildId: g, tracks: [{ source: { $case: "encodedTrack", value: track(i) } }], playIfIdle: false }),
    page: (g) => client.getQueue({ guildId: g, offset: 0, limit: 100, historyLimit: 10 }),
    skip: (g) => client.skip({ guildId: g }),
  };
}

function sessionOps(session: SessionCaller): Ops {
  return {
    append: (g, i) => session.call({ $case: "enqueue", value: { guildId: g, tracks: [{ source: { $case: "encodedTrack", value: track(i) } }], playIfIdle: false } }),
    page: (g) => session.call({ $case: "getQueue", value: { guildId: g, offset: 0, limit: 100, historyLimit: 10 } }),
    skip: (g) => session.call({ $case: "skip", value: { guildId: g } }),
  };
}

function storeOps(registry: RedisRegistry): Ops {
  return {
    append: (g, i) => registry.queues.add(g, [{ encodedTrack: track(i) }]),
    page: (g) => registry.queues.page(g, { limit: 100 }),
    skip: (g) => registry.queues.advance(g, { force: true }),
  };
}

/** Appends n, reads n pages, skips n (the queue holds ≥ n entries), in one guild per mode. */
async function series(ops: Ops, n: number, guildBase: bigint): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [mode, parallel] of [["sequential", 1], ["concurrent", CONCURRENCY]] as const) {
    const g = String(guildBase + (mode === "sequential" ? 1n : 2n));
    out[`append ${mode}`] = await rate(n, parallel, (i) => ops.append(g, i));
    out[`page ${mode}`] = await rate(n, parallel, () => ops.page(g));
    out[`skip ${mode}`] = await rate(n, parallel, () => ops.skip(g));
  }
  return out;
}

async function main(): Promise<void> {
  const n = option("n", process.argv.includes("--quick") ? 300 : 2000);
  const redis = await startRedisServer();
  const registry = new RedisRegistry({ url: redis.url, keyPrefix: "bench:" });
  const config = loadRouterConfig(["--redis", redis.url, "--grpc-host", "127.0.0.1", "--grpc-port", "0", "--max-queue-length", "1000000", ...CLUSTER_TOKEN_ARGS], {});
  const app = await startRouter(config, silentLogger, { registry });
  const client = createPyroClient(`127.0.0.1:${app.port}`);
  const session = openSessionCaller(`127.0.0.1:${app.port}`);
  try {
    // Warm-up: connections, script loading, JIT.
    await series(rpcOps(client), 200, 700000000000000000n);
    await series(sessionOps(session), 200, 705000000000000000n);
    await series(storeOps(registry), 200, 710000000000000000n);
    const store = await series(storeOps(registry), n, 720000000000000000n);
    const rpc = await series(rpcOps(client), n, 730000000000000000n);
    const viaSession = await series(sessionOps(session), n, 740000000000000000n);
    const rows = Object.keys(rpc).map((op) => ({ operation: op, "rpc ops/s": Math.round(rpc[op]!), "session ops/s": Math.round(viaSession[op]!), "store ops/s": Math.round(store[op]!),
      "rpc/store": rpc[op]! / store[op]!, "session/store": viaSession[op]! / store[op]! }));
    printTable(rows, { digits: 2 });
    const result = {
      benchmark: "queue-ops", at: new Date().toISOString(), command: `node -r @swc-node/register bench/queue-ops.ts${process.argv.slice(2).map((a) => ` ${a}`).join("")}`,
      node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? "", n, concurrency: CONCURRENCY, unit: "ops/s",
      rpc, session: viaSession, store,
    };
    const dir = join(__dirname, "results");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "queue-ops.json"), `${JSON.stringify(result, null, 2)}\n`);
  } finally {
    session.close();
    client.close();
    await app.stop();
    await registry.close();
    await redis.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
