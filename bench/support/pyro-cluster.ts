/**
 * A Pyro cluster for benchmarks, every component a child process: N emulators, one Lavanode per
 * emulator, M Routers, on a caller-supplied Redis with a key prefix of its own. Unlike the test
 * harness it takes the Redis URL as an argument and registers every process with a `Cleanup` as
 * soon as it starts, so a failure half-way through leaves nothing running.
 */
import { randomUUID } from "node:crypto";
import { createPyroClient, type PyroClient } from "../../clients/ts/src";
import { startEmulatorProcess, type EmulatorProcess, type EmulatorState } from "../../test/support/emulator-process";
import { BOT_USER_ID, startLavanodeProcess } from "../../test/support/lavanode-harness";
import { startPyro, type PyroProcess } from "../../test/support/pyro-process";
import { waitFor } from "../../test/support/wait-for";
import type { Cleanup } from "./cleanup";
import { CLUSTER_TOKEN_ARGS } from "../../test/support/cluster-token";

/** Options of `startPyroCluster`. */
export interface PyroClusterOptions {
  redisUrl: string;
  nodes: number;
  routers: number;
  /** Flags of every emulator (e.g. update and stats intervals). */
  emulatorArgs: string[];
  /** Extra flags of every Lavanode (lease TTL, resume timeout, capacity, log level). */
  lavanodeArgs?: string[];
  /** Extra flags of every Router. */
  routerArgs?: string[];
  /** Flags of node itself for every Router and Lavanode (e.g. `--cpu-prof`). */
  nodeArgs?: string[];
  /** Extra environment of every Router and Lavanode (e.g. OTEL_* variables). */
  env?: Record<string, string>;
}

/** A running cluster. */
export interface PyroCluster {
  prefix: string;
  nodeIds: string[];
  emulators: EmulatorProcess[];
  lavanodes: PyroProcess[];
  routers: PyroProcess[];
  /** One client per Router, in Router order. */
  clients: PyroClient[];
  /** GET /_emulator/state of emulator `i`, or undefined when it does not answer. */
  state(i: number): Promise<EmulatorState | undefined>;
}

/** Node id of the `i`-th node: node-a, node-b, ... */
export function nodeIdAt(i: number): string {
  return `node-${String.fromCharCode(97 + i)}`;
}

/**
 * Starts the Routers alongside the emulators and then the Lavanodes, and waits until every Router
 * lists every node with an open Lavalink session. Everything started is registered with `cleanup` (SIGKILL).
 * @throws when a process does not start within 30 s or the Routers do not see every node.
 */
export async function startPyroCluster(o: PyroClusterOptions, cleanup: Cleanup): Promise<PyroCluster> {
  const prefix = `bench-${randomUUID().slice(0, 8)}:`;
  const nodeIds = Array.from({ length: o.nodes }, (_, i) => nodeIdAt(i));
  // With Node.js flags (a CPU profile) the processes stop gracefully, so they write their output.
  const stopSignal = o.nodeArgs?.length ? "SIGTERM" : "SIGKILL";
  // Routers need only Redis (they discover Lavanodes from the registry): start them alongside.
  const routersStarted = Promise.all(Array.from({ length: o.routers }, async () => {
    const r = await startPyro(["router", "--grpc-host", "127.0.0.1", "--grpc-port", "0", "--redis", o.redisUrl, "--redis-prefix", prefix,
      "--log-level", "info", ...CLUSTER_TOKEN_ARGS, ...(o.routerArgs ?? [])], { nodeArgs: o.nodeArgs, env: o.env });
    cleanup.add(() => r.stop(stopSignal));
    return r;
  }));
  routersStarted.catch(() => undefined); // awaited below; do not crash if the emulators fail first
  const emulators = await Promise.all(nodeIds.map(async () => {
    const e = await startEmulatorProcess(o.emulatorArgs);
    cleanup.add(() => e.stop("SIGKILL"));
    return e;
  }));
  const lavanodes = await Promise.all(nodeIds.map(async (nodeId, i) => {
    const e = emulators[i]!;
    const p = await startLavanodeProcess([
      "lavanode", "--node-id", nodeId, "--lavalink", e.url, "--lavalink-password", e.password, "--user-id", BOT_USER_ID,
      "--grpc-host", "127.0.0.1", "--grpc-port", "0", "--redis", o.redisUrl, "--redis-prefix", prefix, "--log-level", "info",
      ...CLUSTER_TOKEN_ARGS, ...(o.lavanodeArgs ?? []),
    ], 30000, o.nodeArgs, o.env);
    cleanup.add(() => p.stop(stopSignal));
    return p;
  }));
  const routers = await routersStarted;
  const clients = routers.map((r) => {
    const c = createPyroClient(`127.0.0.1:${r.port}`);
    cleanup.add(() => c.close());
    return c;
  });
  await Promise.all(clients.map((c) => waitFor(async () => {
    const { nodes } = await c.listNodes({ states: [] });
    return nodes.length === o.nodes && nodes.every((n) => n.lavalinkConnected);
  }, { timeoutMs: 30000, what: "every Router to see every node connected" })));
  return {
    prefix, nodeIds, emulators, lavanodes, routers, clients,
    state: (i) => emulators[i]!.state().catch(() => undefined),
  };
}
