/**
 * Shared pieces of the fuzz benchmarks (bench/fuzz-*.ts): byte mutations of a valid seed, hostile
 * but well-formed JSON values (deep nesting, huge lists), status tallies, and the three outcomes
 * every fuzzer reports: crashed processes, INTERNAL/500 answers, and torn-down Router-Lavanode
 * links (counted from the Lavanodes' "router connected" log lines, one per Connect stream).
 */
import type { Rng } from "../chaos/rng";
import type { PyroCluster } from "./pyro-cluster";
import { healthOf } from "../../test/support/lavanode-harness";
import { HealthCheckResponse_ServingStatus } from "../../gen/ts/grpc/health/v1/health";

/** Random bytes of length 0..`max`. */
export function randomBytes(rng: Rng, max: number): Buffer {
  return Buffer.from(Array.from({ length: rng.int(0, max) }, () => rng.int(0, 255)));
}

/** A byte-level mutation of `seed`: bit flips, truncation, random tail, splice, byte overwrite, or pure noise. */
export function mutate(rng: Rng, seed: Buffer): Buffer {
  const choice = rng.int(0, 5);
  if (choice === 0 || seed.length === 0) return randomBytes(rng, 64);
  const b = Buffer.from(seed);
  switch (choice) {
    case 1: for (let i = 0; i < rng.int(1, 4); i++) b[rng.int(0, b.length - 1)] ^= 1 << rng.int(0, 7); return b;
    case 2: return b.subarray(0, rng.int(0, b.length - 1));
    case 3: return Buffer.concat([b, randomBytes(rng, 32)]);
    case 4: { const at = rng.int(0, b.length); return Buffer.concat([b.subarray(0, at), b.subarray(rng.int(0, b.length))]); }
    default: b[rng.int(0, b.length - 1)] = rng.int(0, 255); return b;
  }
}

/** `{"a":{"a":...}}` with `levels` objects. */
export function nestedObject(levels: number): Record<string, unknown> {
  let v: Record<string, unknown> = {};
  for (let i = 1; i < levels; i++) v = { a: v };
  return v;
}

/** A hostile but well-formed JSON value: deep nesting, long arrays, long strings, odd keys. */
export function hostileJson(rng: Rng): unknown {
  switch (rng.int(0, 5)) {
    case 0: return nestedObject(rng.pick([17, 33, 40, 64, 200]));
    case 1: return { list: Array.from({ length: rng.pick([1000, 20_000]) }, (_, i) => i) };
    case 2: return { s: "x".repeat(rng.pick([17_000, 100_000])) };
    case 3: return { __proto__: { polluted: true }, constructor: { prototype: { x: 1 } } };
    case 4: return { [`k${"é".repeat(300)}`]: null, "\u0000": "\ud800" };
    default: return rng.pick([null, 1e308, -0, "", [], true]);
  }
}

/** `hostileJson` as an object (what a google.protobuf.Struct field can carry). */
export function hostileObject(rng: Rng): Record<string, unknown> {
  const v = hostileJson(rng);
  return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : { v };
}

/** Equalizer bands: many, invalid, or both. */
export function hostileBands(rng: Rng): Array<{ band: number; gain: number }> {
  const n = rng.pick([16, 1000, 200_000]);
  return Array.from({ length: n }, (_, i) => (rng.next() < 0.5 ? { band: i % 15, gain: 0.1 } : { band: 99, gain: 9 }));
}

/** Counts of outcomes by name. */
export class Tally {
  private readonly counts = new Map<string, number>();
  /** Adds one `name`. */
  add(name: string): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
  }
  /** Count of `name` (0 when never added). */
  get(name: string): number {
    return this.counts.get(name) ?? 0;
  }
  /** Rows for printTable, most frequent first. */
  rows(label: string): Array<Record<string, string | number>> {
    return [...this.counts].sort((a, b) => b[1] - a[1]).map(([k, n]) => ({ [label]: k, inputs: n }));
  }
  /** Plain object for the results file. */
  toJSON(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }
}

/** Connect streams the cluster's Lavanodes have accepted from Routers so far (one per link (re)open); `exceptRouterId`'s are not counted. */
export function linkOpens(cluster: PyroCluster, exceptRouterId = "fuzzer"): number {
  const own = `"routerId":"${exceptRouterId}"`;
  return cluster.lavanodes.reduce((n, p) => n + p.logs.filter((l) => l.includes('"msg":"router connected"') && !l.includes(own)).length, 0);
}

/** Processes of the cluster that exited, plus servers whose health no longer answers SERVING. */
export async function crashes(cluster: PyroCluster): Promise<number> {
  const processes = [...cluster.routers, ...cluster.lavanodes];
  const exited = processes.filter((p) => p.proc.exitCode !== null || p.proc.signalCode !== null).length;
  const unhealthy = (await Promise.all(processes.map((p) => healthOf(`127.0.0.1:${p.port}`)))).filter((s) => s !== HealthCheckResponse_ServingStatus.SERVING).length;
  return exited + unhealthy;
}
