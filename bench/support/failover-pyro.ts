/**
 * Pyro as a failover contender: Redis, 3 emulators, 3 Lavanodes and 2 Routers as processes;
 * players created through Router A with the TS client, failover observed from Router B.
 */
import type { PyroClient } from "../../clients/ts/src";
import { loadTrack, startPlayers } from "../../test/support/players-helpers";
import type { Cleanup } from "./cleanup";
import { FAILOVER_EMULATOR_ARGS, FAILOVER_TRACK, type FailoverContender } from "./failover-contender";
import type { FailoverSignals } from "./failover-observer";
import { startPyroCluster, type PyroCluster } from "./pyro-cluster";
import { startRedisServer } from "./redis-server";

/** Probe interval of ListNodes on Router B while waiting for the first sign of the death, ms. */
const LIST_NODES_EVERY_MS = 20;
/** The probes give up after this long. */
const PROBE_BUDGET_MS = 120000;

/** Options of the Pyro contender. */
export interface PyroContenderOptions {
  /** Extra flags of every Lavanode (lease TTL, resume window). */
  lavanodeArgs: string[];
  /** Node.js flags of every Router and Lavanode process (e.g. `--cpu-prof`); default none. */
  nodeArgs?: string[];
}

/** Pyro with `o.lavanodeArgs`. */
export function createPyroContender(o: PyroContenderOptions): FailoverContender {
  let cluster: PyroCluster | undefined;
  const signals: FailoverSignals = {};
  const probes = new AbortController();
  const moved = new Map<string, number>();
  return {
    name: "Pyro (3 Lavanodes, 2 Routers)",
    config: `pyro lavanode ${o.lavanodeArgs.join(" ")}; players created on Router A, events watched on Router B`,
    async setup(guilds: string[], cleanup: Cleanup) {
      cleanup.add(() => probes.abort());
      const redis = await startRedisServer();
      cleanup.add(() => redis.stop());
      cluster = await startPyroCluster({ redisUrl: redis.url, nodes: 3, routers: 2, emulatorArgs: FAILOVER_EMULATOR_ARGS, lavanodeArgs: o.lavanodeArgs, nodeArgs: o.nodeArgs }, cleanup);
      const track = await loadTrack(cluster.clients[0]!, FAILOVER_TRACK);
      const startedAt = await startPlayers(cluster.clients[0]!, guilds, track);
      return { emulators: cluster.emulators, startedAt, signals };
    },
    arm(victim: number) {
      const c = cluster!;
      const nodeId = c.nodeIds[victim]!;
      const routerB: PyroClient = c.clients[1]!;
      const detected = (): void => { signals.detectedAt ??= Date.now(); };
      // NodeDown: the node was declared dead and its players are being re-placed.
      void (async () => {
        for await (const e of routerB.watch({ includeNodeEvents: true, excludePlayerUpdates: true }, { signal: probes.signal })) {
          if (e.kind?.$case === "playerMoved" && e.kind.value.oldNodeId === nodeId) moved.set(e.kind.value.newNodeId, (moved.get(e.kind.value.newNodeId) ?? 0) + 1);
          if (e.nodeId === nodeId && e.kind?.$case === "nodeDown") {
            signals.moveStartedAt ??= Date.now();
            detected();
          }
        }
      })().catch(() => undefined);
      // First sign: Router B lists the node without its Lavalink session (or down).
      void (async () => {
        const deadline = Date.now() + PROBE_BUDGET_MS;
        while (signals.detectedAt === undefined && !probes.signal.aborted && Date.now() < deadline) {
          const { nodes } = await routerB.listNodes({ states: [] }, { signal: probes.signal });
          if (nodes.some((n) => n.id === nodeId && !n.lavalinkConnected)) detected();
          await new Promise((r) => setTimeout(r, LIST_NODES_EVERY_MS));
        }
      })().catch(() => undefined);
    },
    notes() {
      return [`PlayerMoved events received on Router B by the time the observation ended: ${[...moved].map(([n, c]) => `${c} to ${n}`).join(", ") || "none"}`];
    },
  };
}
