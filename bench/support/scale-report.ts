/** The printed table of bench/scale.ts: one row per figure, Pyro beside its baseline where one exists. */
import type { ConcurrentRun } from "./concurrent-calls";
import type { FanoutResult } from "./event-fanout";
import { summarize } from "./percentiles";
import type { RedisMemory } from "./process-memory";
import type { Cell } from "./table";

/** Memory at one instant: RSS summed over the processes of a kind (KiB) and Redis. */
export interface MemorySnapshot {
  routerKiB: number;
  lavanodeKiB: number;
  redis: RedisMemory;
}

/** Everything bench/scale.ts measured. */
export interface ScaleFigures {
  players: number;
  /** Players whose UpdatePlayer succeeded. */
  placed: number;
  nodes: number;
  routers: number;
  callers: number;
  updateIntervalMs: number;
  startupMs: number;
  placement: { pyro: ConcurrentRun; direct: ConcurrentRun; perNode: number[] };
  memory: { before: MemorySnapshot; after: MemorySnapshot };
  fanout: FanoutResult;
  /** CPU use during the fan-out window, % of one core, summed per kind; `subscribers` is the benchmark's own process. */
  fanoutCpuPercent: { routers: number; lavanodes: number; subscribers: number };
  directUpdateLatencyMs: number[];
  directWindowMs: number;
}

const MiB = (kib: number): string => (kib / 1024).toFixed(1);
const rate = (r: ConcurrentRun): number => (r.samples.length / r.wallMs) * 1000;
const pct = (xs: number[], p: "p50" | "p99"): Cell => (xs.length ? summarize(xs)[p] : "n/a");

/** Rows `{figure, Pyro, baseline}`; the baseline cell is empty where no baseline applies. */
export function formatScaleRows(f: ScaleFigures): Array<Record<string, Cell>> {
  const { pyro, direct, perNode } = f.placement;
  const p = summarize(pyro.samples.length ? pyro.samples : [NaN]);
  const d = summarize(direct.samples.length ? direct.samples : [NaN]);
  const { before: b, after: a } = f.memory;
  const fo = f.fanout;
  const seconds = fo.windowMs / 1000;
  const failed = (r: ConcurrentRun): number => [...r.errors.values()].reduce((x, y) => x + y, 0);
  return [
    { figure: "placement: players created", Pyro: `${f.players} (UpdatePlayer via ${f.routers} Routers)`, baseline: `${f.players} (PATCH to emulator REST)` },
    { figure: "placement: failed calls", Pyro: failed(pyro), baseline: failed(direct) },
    { figure: "placement: p50 per call (ms)", Pyro: p.p50, baseline: d.p50 },
    { figure: "placement: p99 per call (ms)", Pyro: p.p99, baseline: d.p99 },
    { figure: `placement: players/s (${f.callers} callers)`, Pyro: rate(pyro), baseline: rate(direct) },
    { figure: "placement: players per node (min..max)", Pyro: `${Math.min(...perNode)}..${Math.max(...perNode)} over ${f.nodes}`, baseline: "round-robin" },
    { figure: `Router RSS, ${f.routers} Routers summed (MiB)`, Pyro: `${MiB(b.routerKiB)} -> ${MiB(a.routerKiB)}`, baseline: "" },
    { figure: "Router RSS per player, summed (KiB)", Pyro: (a.routerKiB - b.routerKiB) / f.placed, baseline: "" },
    { figure: `Lavanode RSS, ${f.nodes} Lavanodes summed (MiB)`, Pyro: `${MiB(b.lavanodeKiB)} -> ${MiB(a.lavanodeKiB)}`, baseline: "" },
    { figure: "Lavanode RSS per player, summed (KiB)", Pyro: (a.lavanodeKiB - b.lavanodeKiB) / f.placed, baseline: "" },
    { figure: "Redis used_memory (MiB)", Pyro: `${(b.redis.usedBytes / 2 ** 20).toFixed(1)} -> ${(a.redis.usedBytes / 2 ** 20).toFixed(1)}`, baseline: "" },
    { figure: "Redis bytes per player", Pyro: (a.redis.usedBytes - b.redis.usedBytes) / f.placed, baseline: "" },
    { figure: "Redis keys per player", Pyro: (a.redis.keys - b.redis.keys) / f.placed, baseline: "" },
    { figure: "fan-out: subscribers", Pyro: `${fo.subscribers} WatchEvents (${fo.subscribers / f.routers} per Router)`, baseline: `${f.nodes} Lavalink WebSockets` },
    { figure: "fan-out: events delivered/s, all subscribers", Pyro: fo.events / seconds, baseline: f.directUpdateLatencyMs.length / (f.directWindowMs / 1000) },
    { figure: "fan-out: playerUpdates expected/s", Pyro: (f.placed / f.updateIntervalMs) * 1000 * fo.subscribers, baseline: (f.players / f.updateIntervalMs) * 1000 },
    { figure: "fan-out: emulator -> client p50 (ms)", Pyro: pct(fo.endToEndMs, "p50"), baseline: pct(f.directUpdateLatencyMs, "p50") },
    { figure: "fan-out: emulator -> client p99 (ms)", Pyro: pct(fo.endToEndMs, "p99"), baseline: pct(f.directUpdateLatencyMs, "p99") },
    { figure: "fan-out: Router hub -> client p99 (ms)", Pyro: pct(fo.routerToClientMs, "p99"), baseline: "" },
    { figure: `fan-out: CPU % of a core (Routers / Lavanodes / subscribers)`, Pyro: [f.fanoutCpuPercent.routers, f.fanoutCpuPercent.lavanodes, f.fanoutCpuPercent.subscribers].map((x) => x.toFixed(0)).join(" / "), baseline: "" },
    { figure: "fan-out: streams failed", Pyro: fo.errors.length, baseline: "" },
  ];
}
