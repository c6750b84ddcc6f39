/**
 * The cluster under chaos: every component a process that can be killed (-9), frozen (SIGSTOP)
 * and restarted with the same identity. Emulators and Routers restart on their original ports;
 * a Lavanode restarts with the same node id (and advertises its new port through the registry).
 */
import { randomUUID } from "node:crypto";
import { createPyroClient, type PyroClient } from "../../clients/ts/src";
import { startEmulatorProcess, type EmulatorProcess, type EmulatorState } from "../../test/support/emulator-process";
import { BOT_USER_ID, startLavanodeProcess } from "../../test/support/lavanode-harness";
import { startPyro, type PyroProcess } from "../../test/support/pyro-process";
import { waitFor } from "../../test/support/wait-for";
import { freePort } from "../support/redis-server";
import { CLUSTER_TOKEN_ARGS } from "../../test/support/cluster-token";

const EMULATOR_ARGS = ["--player-update-interval-ms", "500", "--stats-interval-ms", "1000"];
/** Every timing flag at its default (lease TTL 3 s, resume timeout 60 s): what users run. */
const LAVANODE_ARGS: string[] = [];
/** The default lease TTL, in ms (double play must stay within it + 1 s). */
export const CHAOS_LEASE_TTL_MS = 3000;

/** One restartable process slot. */
export interface Slot<P> {
  readonly name: string;
  current: P | undefined;
  /** Every process this slot ran, oldest first (for the run's log files). */
  history: P[];
  frozen: boolean;
  start(): Promise<void>;
  kill9(): Promise<void>;
}

/** The chaos cluster. */
export interface ChaosCluster {
  prefix: string;
  nodeIds: string[];
  emulators: Array<Slot<EmulatorProcess>>;
  lavanodes: Array<Slot<PyroProcess>>;
  routers: Array<Slot<PyroProcess>>;
  clients: PyroClient[];
  /** Emulator states by node id (only emulators that answer). */
  states(): Promise<Map<string, EmulatorState>>;
  stopAll(): Promise<void>;
}

function slot<P extends { proc: { kill(s: NodeJS.Signals): boolean; exitCode: number | null; signalCode: NodeJS.Signals | null } ; stop(s?: NodeJS.Signals): Promise<unknown> }>(name: string, launch: () => Promise<P>): Slot<P> {
  const s: Slot<P> = {
    name,
    current: undefined,
    history: [],
    frozen: false,
    async start() {
      s.current = await launch();
      s.history.push(s.current);
      s.frozen = false;
    },
    async kill9() {
      const p = s.current;
      s.current = undefined;
      s.frozen = false;
      await p?.stop("SIGKILL");
    },
  };
  return s;
}

/** Starts `nodes` emulators + Lavanodes and `routers` Routers on `redisUrl`. */
export async function startChaosCluster(redisUrl: string, nodes: number, routers: number): Promise<ChaosCluster> {
  const prefix = `chaos-${randomUUID().slice(0, 8)}:`;
  const nodeIds = Array.from({ length: nodes }, (_, i) => `node-${String.fromCharCode(97 + i)}`);
  const emulatorPorts = await Promise.all(nodeIds.map(() => freePort()));
  const routerPorts = await Promise.all(Array.from({ length: routers }, () => freePort()));
  const emulators = nodeIds.map((id, i) => slot(`emulator ${id}`, () => startEmulatorProcess(EMULATOR_ARGS, "chaos-pw", emulatorPorts[i]!)));
  const lavanodes = nodeIds.map((id, i) => slot(`lavanode ${id}`, () => startLavanodeProcess([
    "lavanode", "--node-id", id, "--lavalink", `http://127.0.0.1:${emulatorPorts[i]}`, "--lavalink-password", "chaos-pw",
    "--user-id", BOT_USER_ID, "--grpc-host", "127.0.0.1", "--grpc-port", "0", "--redis", redisUrl, "--redis-prefix", prefix, ...CLUSTER_TOKEN_ARGS, ...LAVANODE_ARGS,
  ])));
  const routerSlots = routerPorts.map((port, i) => slot(`router ${i}`, () => startPyro([
    "router", "--grpc-host", "127.0.0.1", "--grpc-port", String(port), "--redis", redisUrl, "--redis-prefix", prefix, ...CLUSTER_TOKEN_ARGS,
  ])));
  await Promise.all(emulators.map((e) => e.start()));
  await Promise.all(lavanodes.map((l) => l.start()));
  await Promise.all(routerSlots.map((r) => r.start()));
  const clients = routerPorts.map((port) => createPyroClient(`127.0.0.1:${port}`, { timeoutMs: 8000 }));
  await Promise.all(clients.map((c) => waitFor(async () => {
    const { nodes: list } = await c.listNodes({ states: [] });
    return list.length === nodes && list.every((n) => n.lavalinkConnected);
  }, { timeoutMs: 30000, what: "routers to see every node" })));
  return {
    prefix, nodeIds, emulators, lavanodes, routers: routerSlots, clients,
    async states() {
      const all = await Promise.all(emulators.map((e) => e.current?.state().catch(() => undefined)));
      return new Map(nodeIds.flatMap((id, i) => (all[i] ? [[id, all[i]!] as const] : [])));
    },
    async stopAll() {
      clients.forEach((c) => c.close());
      for (const s of [...routerSlots, ...lavanodes, ...emulators]) {
        if (s.frozen) s.current?.proc.kill("SIGCONT");
        await s.kill9();
      }
    },
  };
}
