/**
 * shoukaku as a failover contender: 3 fresh emulators, one Shoukaku manager in this process with
 * the fake Discord connector of the emulator's conformance tests, and `moveOnDisconnect: true`
 * (the option shoukaku's README documents for moving players off a disconnected node); every other
 * option at its documented default (reconnectTries 3, reconnectInterval 5 s, resume off).
 *
 * Players are spread round-robin over the nodes while they are created (shoukaku's own resolver
 * picks by penalties from stats, which lag a burst of joins and would put every player on one
 * node); the library's default resolver is restored before the kill, so the failover uses it.
 */
import { Shoukaku, type Node, type Player } from "shoukaku";
import { forEachLimited } from "../../services/common/src/for-each-limited";
import { startEmulatorProcess, type EmulatorProcess } from "../../test/support/emulator-process";
import { FakeShoukakuConnector } from "../../test/lavalink-emulator/fake-discord";
import { waitFor } from "../../test/support/wait-for";
import type { Cleanup } from "./cleanup";
import { CREATE_CONCURRENCY, FAILOVER_CHANNEL, FAILOVER_EMULATOR_ARGS, FAILOVER_TRACK, type FailoverContender } from "./failover-contender";
import type { FailoverSignals } from "./failover-observer";

/** Options of the shoukaku contender. */
export interface ShoukakuContenderOptions {
  /**
   * shoukaku's `reconnectTries` (library default 3, 5 s apart; it moves players only after the
   * last try). `--quick` lowers it to fit its time budget; the value is printed with the results.
   */
  reconnectTries?: number;
}

/** shoukaku with `moveOnDisconnect`. */
export function createShoukakuContender(o: ShoukakuContenderOptions = {}): FailoverContender {
  const OPTIONS = { moveOnDisconnect: true, ...(o.reconnectTries !== undefined ? { reconnectTries: o.reconnectTries } : {}) };
  let shoukaku: Shoukaku | undefined;
  const signals: FailoverSignals = {};
  const moves = { moved: 0, notMoved: 0, rejected: new Map<string, number>() };
  return {
    name: "shoukaku 4.3.0 moveOnDisconnect",
    config: `new Shoukaku(connector, 3 nodes, ${JSON.stringify(OPTIONS)}); library defaults otherwise: ` +
      `${o.reconnectTries === undefined ? "reconnectTries 3, " : "(reconnectTries default is 3) "}reconnectInterval 5 s, resume false`,
    async setup(guilds: string[], cleanup: Cleanup) {
      const emulators: EmulatorProcess[] = await Promise.all([0, 1, 2].map(async () => {
        const e = await startEmulatorProcess(FAILOVER_EMULATOR_ARGS);
        cleanup.add(() => e.stop("SIGKILL"));
        return e;
      }));
      const names = emulators.map((_, i) => `node-${i}`);
      const s = new Shoukaku(new FakeShoukakuConnector(), emulators.map((e, i) => ({ name: names[i]!, url: `127.0.0.1:${e.port}`, auth: e.password })), OPTIONS);
      shoukaku = s;
      s.on("error", () => undefined);
      cleanup.add(() => {
        // Stop shoukaku's reconnect loops so it never reaches a later run's emulators.
        s.options.reconnectTries = 0;
        s.options.moveOnDisconnect = false;
        for (const name of [...s.nodes.keys()]) s.removeNode(name, "benchmark over");
      });
      await waitFor(() => names.every((n) => s.nodes.get(n)?.state === 1), { timeoutMs: 30000, what: "shoukaku connected to every node" });

      const libraryResolver = s.options.nodeResolver;
      const assigned = new Map(guilds.map((g, i) => [g, names[i % names.length]!]));
      s.options.nodeResolver = (nodes, connection) => {
        const name = connection ? assigned.get(connection.guildId) : undefined;
        return (name ? nodes.get(name) : undefined) ?? libraryResolver(nodes, connection);
      };
      const loaded = await s.nodes.get(names[0]!)!.rest.resolve(FAILOVER_TRACK);
      if (loaded?.loadType !== "track") throw new Error("the emulator did not load the failover track");
      const encoded = loaded.data.encoded;
      const startedAt = new Map<string, number>();
      const players = new Map<string, Player>();
      await forEachLimited(guilds, CREATE_CONCURRENCY, async (guildId) => {
        const player = await s.joinVoiceChannel({ guildId, channelId: FAILOVER_CHANNEL, shardId: 0 });
        players.set(guildId, player);
        const t = Date.now();
        await player.playTrack({ track: { encoded } });
        startedAt.set(guildId, t);
      });
      s.options.nodeResolver = libraryResolver;
      return { emulators, startedAt, signals };
    },
    arm(victim: number) {
      const node: Node = shoukaku!.nodes.get(`node-${victim}`)!;
      node.once("close", () => { signals.detectedAt ??= Date.now(); });
      // Instrumentation only: time when shoukaku's own move routine starts and returns.
      for (const player of shoukaku!.players.values()) {
        const move = player.move.bind(player);
        player.move = async (name?: string) => {
          try {
            const moved = await move(name);
            moves[moved ? "moved" : "notMoved"]++;
            return moved;
          } catch (err) {
            const why = err instanceof Error ? `${err.message}${err.cause instanceof Error ? ` (${err.cause.message})` : ""}` : String(err);
            moves.rejected.set(why, (moves.rejected.get(why) ?? 0) + 1);
            throw err;
          }
        };
      }
      const internal = node as unknown as { movePlayers(): Promise<number> };
      const original = internal.movePlayers.bind(node);
      internal.movePlayers = async () => {
        signals.moveStartedAt ??= Date.now();
        try {
          return await original();
        } finally {
          signals.moveDoneAt ??= Date.now();
        }
      };
    },
    notes() {
      const rejected = [...moves.rejected].map(([why, n]) => `${n} rejected: ${why}`).join("; ");
      return [`Player.move() over all ${shoukaku?.players.size ?? 0} players: ${moves.moved} moved, ${moves.notMoved} stayed (already on the ideal node)${rejected ? `, ${rejected}` : ""}`];
    },
  };
}
