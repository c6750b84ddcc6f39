/**
 * A whole Pyro in one test process, no child processes: emulated Lavalink servers (the emulator
 * in-process), one Lavanode per server on port 0, and a Router, all sharing one MemoryRegistry and
 * talking over real gRPC, exactly as standalone mode wires them.
 */
import { silentLogger } from "../../services/common/src/logger";
import { MemoryRegistry } from "../../services/common/src/registry/memory-registry";
import { loadStandaloneConfig } from "../../services/standalone/src/config";
import { startStandalone, type StandaloneApp } from "../../services/standalone/src/standalone-app";
import { startEmulator, type Emulator } from "../lavalink-emulator";
import type { QuirkProfile } from "../lavalink-emulator";

/** Options of {@link startInProcessCluster}. */
export interface InProcessOptions {
  /** Quirk profile of every emulator; default `strict-lavalink`. */
  quirks?: QuirkProfile;
  /** Clock of the Router's player state; default `Date.now`. */
  routerNow?: () => number;
  /** Extra standalone flags for the Router, e.g. `--lavalink-port 0 --lavalink-password …`. */
  routerArgs?: string[];
  /** Players each node may hold; default the standalone default. */
  capacity?: number;
}

/** A running in-process cluster. */
export interface InProcessCluster {
  app: StandaloneApp;
  registry: MemoryRegistry;
  emulators: Emulator[];
  /** Node ids, `node-a`, `node-b`, … in emulator order. */
  nodeIds: string[];
  stop(): Promise<void>;
}

/** Voice credentials the simulated emulator accepts for `guildId`. */
export function simulatedVoice(guildId: string) {
  return { token: `token-${guildId}`, endpoint: "us-east1.discord.media:443", sessionId: `session-${guildId}`, channelId: "200000000000000001" };
}

/**
 * Starts `nodes` emulators, their Lavanodes and a Router; resolves when the Router sees every node ready.
 * @throws when a node is not ready within 20 s (what was started is stopped).
 */
export async function startInProcessCluster(nodes = 1, opts: InProcessOptions = {}): Promise<InProcessCluster> {
  const registry = new MemoryRegistry();
  const emulators: Emulator[] = [];
  const stopEmulators = (): Promise<unknown> => Promise.all(emulators.map((e) => e.close().catch(() => undefined)));
  try {
    for (let i = 0; i < nodes; i++) {
      emulators.push(await startEmulator({ port: 0, password: `pw-${i}`, voice: "simulated", statsIntervalMs: 500, playerUpdateIntervalMs: 500, quirks: opts.quirks }));
    }
    const nodeIds = emulators.map((_, i) => `node-${String.fromCharCode(97 + i)}`);
    const specs = emulators.map((e, i) => ({ name: nodeIds[i]!, url: e.url, password: `pw-${i}`, ...(opts.capacity ? { capacity: opts.capacity } : {}) }));
    const config = loadStandaloneConfig(["--user-id", "100000000000000001", "--grpc-port", "0", "--log-level", "error", ...(opts.routerArgs ?? [])], {});
    const app = await startStandalone(config, specs, silentLogger, { registry, routerNow: opts.routerNow });
    if (app.notReady.length > 0) {
      await app.stop();
      throw new Error(`nodes not ready: ${app.notReady.join(", ")}`);
    }
    return {
      app, registry, emulators, nodeIds,
      async stop() {
        await app.stop();
        await stopEmulators();
        await registry.close();
      },
    };
  } catch (err) {
    await stopEmulators();
    await registry.close();
    throw err;
  }
}
