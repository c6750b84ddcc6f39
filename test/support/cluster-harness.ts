/**
 * A Pyro cluster under test, all as processes: N emulators, one Lavanode each, M Routers, on the
 * test run's Redis with a key prefix of its own.
 */
import { startEmulatorProcess, type EmulatorProcess, type EmulatorState } from "./emulator-process";
import { lavanodeArgs, startLavanodeProcess, testRegistry } from "./lavanode-harness";
import { startPyro, type PyroProcess } from "./pyro-process";
import { createPyroClient, type PyroClient } from "../../clients/ts/src";
import type { RedisRegistry } from "../../services/common/src/registry/redis-registry";
import { waitFor } from "./wait-for";
import { CLUSTER_TOKEN_ARGS } from "./cluster-token";

/** Options of `startCluster`. */
export interface ClusterOptions {
  nodes: number;
  routers: number;
  emulatorArgs?: string[];
  /** Extra args of emulator `i` (e.g. `--plugin segment-skip` on some nodes only). */
  emulatorArgsAt?: (i: number) => string[];
  lavanodeArgs?: string[];
  routerArgs?: string[];
  /** Per-node extra Lavanode args (e.g. a metrics port each). */
  lavanodeArgsAt?: (i: number) => string[];
  /** Per-router extra args (e.g. auth on one of them). */
  routerArgsAt?: (i: number) => string[];
  /** Extra environment of the Lavanode and Router processes (e.g. OTEL_* variables). */
  env?: Record<string, string>;
  /** Fixed gRPC ports of the Routers (for tests that restart a Router on its port); default: any. */
  routerPorts?: number[];
  /** Registry URL of every process (e.g. a test Redis Cluster); default: the run's Redis. */
  redisUrl?: string;
}

/** A running cluster. */
export interface Cluster {
  prefix: string;
  registry: RedisRegistry;
  emulators: EmulatorProcess[];
  lavanodes: PyroProcess[];
  routers: PyroProcess[];
  clients: PyroClient[];
  nodeIds: string[];
  /** Emulator states by node id. */
  states(): Promise<Map<string, EmulatorState>>;
  /** Starts (or restarts) the Lavanode of node `i`. */
  startLavanode(i: number, extra?: string[]): Promise<PyroProcess>;
  stop(): Promise<void>;
}

export function routerArgs(prefix: string, extra: string[] = [], grpcPort = 0, redisUrl = process.env.PYRO_TEST_REDIS_URL!): string[] {
  return ["router", "--grpc-host", "127.0.0.1", "--grpc-port", String(grpcPort), "--redis", redisUrl, "--redis-prefix", prefix, ...CLUSTER_TOKEN_ARGS, ...extra];
}

/**
 * Starts the cluster and waits until every Router sees every node connected. If any step fails,
 * every process already started is killed before the error propagates, so a failed start leaves
 * nothing running (a leaked child would keep jest alive).
 */
export async function startCluster(o: ClusterOptions): Promise<Cluster> {
  const { prefix, registry } = testRegistry(o.redisUrl);
  const nodeIds = Array.from({ length: o.nodes }, (_, i) => `node-${String.fromCharCode(97 + i)}`);
  // Every start in flight, so a failure can wait for siblings still starting and kill them too.
  const starting: Array<Promise<{ stop(signal?: NodeJS.Signals): Promise<unknown> }>> = [];
  const track = <P extends { stop(signal?: NodeJS.Signals): Promise<unknown> }>(p: Promise<P>): Promise<P> => {
    starting.push(p);
    return p;
  };
  const emulators: EmulatorProcess[] = [];
  const lavanodes: PyroProcess[] = [];
  const routers: PyroProcess[] = [];
  const clients: PyroClient[] = [];
  const startLavanode = async (i: number, extra: string[] = []): Promise<PyroProcess> => {
    const p = await track(startLavanodeProcess(lavanodeArgs({ nodeId: nodeIds[i]!, emulator: emulators[i]!, prefix, extra: [...(o.lavanodeArgs ?? []), ...(o.lavanodeArgsAt?.(i) ?? []), ...extra], redisUrl: o.redisUrl }), 30000, [], o.env));
    lavanodes[i] = p;
    return p;
  };
  try {
    emulators.push(...await Promise.all(nodeIds.map((_, i) => track(startEmulatorProcess([
      ...(o.emulatorArgs ?? ["--player-update-interval-ms", "500", "--stats-interval-ms", "1000"]), ...(o.emulatorArgsAt?.(i) ?? []),
    ])))));
    await Promise.all(nodeIds.map((_, i) => startLavanode(i)));
    routers.push(...await Promise.all(Array.from({ length: o.routers }, (_, i) =>
      track(startPyro(routerArgs(prefix, [...(o.routerArgs ?? []), ...(o.routerArgsAt?.(i) ?? [])], o.routerPorts?.[i] ?? 0, o.redisUrl), { env: o.env })))));
    clients.push(...routers.map((r, i) => {
      const args = o.routerArgsAt?.(i) ?? [];
      const t = args.indexOf("--auth-token");
      return createPyroClient(`127.0.0.1:${r.port}`, { token: t >= 0 ? args[t + 1] : undefined });
    }));
    await Promise.all(clients.map((c) => waitFor(async () => {
      const { nodes } = await c.listNodes({ states: [] });
      return nodes.length === o.nodes && nodes.every((n) => n.lavalinkConnected);
    }, { timeoutMs: 30000, what: "routers to see every node" })));
  } catch (err) {
    clients.forEach((c) => c.close());
    const settled = await Promise.allSettled(starting);
    await Promise.allSettled(settled.flatMap((r) => (r.status === "fulfilled" ? [r.value.stop("SIGKILL")] : [])));
    await registry.close();
    throw err;
  }
  return {
    prefix, registry, emulators, lavanodes, routers, clients, nodeIds, startLavanode,
    async states() {
      const all = await Promise.all(emulators.map((e) => e.state().catch(() => undefined)));
      return new Map(nodeIds.flatMap((id, i) => (all[i] ? [[id, all[i]!] as const] : [])));
    },
    async stop() {
      clients.forEach((c) => c.close());
      await Promise.all(routers.map((r) => r.stop("SIGKILL")));
      await Promise.all(lavanodes.map((l) => l?.stop("SIGKILL")));
      await Promise.all(emulators.map((e) => e.stop("SIGKILL")));
      await registry.close();
    },
  };
}
