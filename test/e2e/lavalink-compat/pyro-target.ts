/**
 * Pyro's Lavalink-compatible endpoint as a conformance target: a cluster of processes (Redis,
 * 3 emulators, 3 Lavanodes, 1 Router serving `--lavalink-port`). Server-side state is read from
 * whichever emulator holds the player and from the registry's session records; a dropped socket is
 * a Router restart (kill -9, then the same ports), so resuming must survive the Router. Clients
 * reach the Router through a TCP relay (see tcp-relay.ts for why shoukaku needs one).
 */
import { routerArgs, startCluster, type Cluster } from "../../support/cluster-harness";
import { playersByGuild } from "../../support/emulator-process";
import { startPyro } from "../../support/pyro-process";
import { startTcpRelay } from "../../support/tcp-relay";
import { stablePort } from "../../support/stable-port";
import type { ConformanceTarget } from "../../lavalink-emulator/conformance/target";

/** Password of the test endpoint. */
export const LAVALINK_PASSWORD = "compat-pw";


/** The target plus the cluster behind it. */
export interface PyroTarget extends ConformanceTarget {
  cluster: Cluster;
  /** Restarts the Router: `signal` to the old process, then a new one on the same ports. */
  restartRouter(signal: NodeJS.Signals): Promise<void>;
}

/** Starts the cluster with the Lavalink endpoint on the Router. */
export async function startPyroTarget(emulatorArgs: string[] = ["--player-update-interval-ms", "100", "--stats-interval-ms", "1000"]): Promise<PyroTarget> {
  // The Router must come back on the same ports after a restart: reserve them outside the ephemeral range.
  const port = await stablePort();
  const extra = (routerId: string): string[] => ["--lavalink-port", String(port), "--lavalink-password", LAVALINK_PASSWORD, "--router-id", routerId, "--log-level", "debug"];
  const grpcPort = await stablePort();
  const cluster = await startCluster({ nodes: 3, routers: 1, emulatorArgs, routerArgs: extra("compat-router-1"), routerPorts: [grpcPort] });
  let restarts = 1;
  const restartRouter = async (signal: NodeJS.Signals): Promise<void> => {
    await cluster.routers[0]!.stop(signal);
    // A new process gets a new id, as a restarted Router (default id hostname-pid) would.
    const args = routerArgs(cluster.prefix, extra(`compat-router-${++restarts}`), grpcPort);
    cluster.routers[0] = await startPyro(args);
  };
  // Clients connect through a relay, so a connection made during a Router restart waits for it.
  const relay = await startTcpRelay(port);
  return {
    cluster,
    host: "127.0.0.1",
    port: relay.port,
    password: LAVALINK_PASSWORD,
    async session() {
      const all = (await cluster.registry.lavalinkSessions.list()).sort((a, b) => a.createdAt - b.createdAt);
      return all[0];
    },
    async player(_sessionId, guildId) {
      for (const state of (await cluster.states()).values()) {
        const p = playersByGuild(state).get(guildId);
        if (p) return p;
      }
      return undefined;
    },
    async counters() {
      const out = { trackStarts: 0, trackStartsByGuild: {} as Record<string, number>, playersDestroyed: 0, sessionsResumed: 0 };
      for (const state of (await cluster.states()).values()) {
        out.trackStarts += state.counters.trackStarts;
        out.playersDestroyed += state.counters.playersDestroyed;
        for (const [g, n] of Object.entries(state.counters.trackStartsByGuild)) out.trackStartsByGuild[g] = (out.trackStartsByGuild[g] ?? 0) + n;
      }
      for (const s of await cluster.registry.lavalinkSessions.list()) out.sessionsResumed += s.resumes;
      return out;
    },
    dropWebSocket: () => restartRouter("SIGKILL"),
    reconnect: { tries: 300, intervalMs: 100 },
    async close() {
      await relay.close();
      await cluster.stop();
    },
    restartRouter,
  };
}
