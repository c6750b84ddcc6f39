/**
 * lavalink-client as a failover contender: 3 fresh emulators, one LavalinkManager in this process
 * answering gateway OP 4 with the fake Discord connector, `autoMove: true` (the manager option that
 * moves a disconnected node's players to another node), and the node and player options of the
 * library's README example (retryAmount 5, retryDelay 10 s, autoSkip, onDisconnect autoReconnect).
 * Players are created on an explicit node, round-robin.
 */
import type * as LavalinkClient from "lavalink-client" with { "resolution-mode": "require" };
import { forEachLimited } from "../../services/common/src/for-each-limited";
import { answerVoiceOp, FAKE_BOT_ID, type VoiceStateOp } from "../../test/lavalink-emulator/fake-discord";
import { startEmulatorProcess, type EmulatorProcess } from "../../test/support/emulator-process";
import { waitFor } from "../../test/support/wait-for";
import type { Cleanup } from "./cleanup";
import { CREATE_CONCURRENCY, FAILOVER_CHANNEL, FAILOVER_EMULATOR_ARGS, FAILOVER_TRACK, type FailoverContender } from "./failover-contender";
import type { FailoverSignals } from "./failover-observer";
import { createKeepAliveAgent, httpRequest } from "./http-json";

// lavalink-client's typings are ESM-flavoured; load the CommonJS build and keep its types.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { LavalinkManager } = require("lavalink-client") as typeof LavalinkClient;

const BOT = { id: FAKE_BOT_ID, username: "PyroBenchBot" };

/** lavalink-client with `autoMove`. */
export function createLavalinkClientContender(): FailoverContender {
  let manager: LavalinkClient.LavalinkManager | undefined;
  const signals: FailoverSignals = {};
  return {
    name: "lavalink-client 2.11.0 autoMove",
    config: "new LavalinkManager({ autoMove: true, autoSkip: true, nodes: 3 × { retryAmount: 5, retryDelay: 10000 }, " +
      "playerOptions: { onDisconnect: { autoReconnect: true, destroyPlayer: false } } }); migration defaults: 5 in flight, 2 per target",
    async setup(guilds: string[], cleanup: Cleanup) {
      const emulators: EmulatorProcess[] = await Promise.all([0, 1, 2].map(async () => {
        const e = await startEmulatorProcess(FAILOVER_EMULATOR_ARGS);
        cleanup.add(() => e.stop("SIGKILL"));
        return e;
      }));
      const ids = emulators.map((_, i) => `node-${i}`);
      const m: LavalinkClient.LavalinkManager = new LavalinkManager({
        nodes: emulators.map((e, i) => ({ id: ids[i]!, host: "127.0.0.1", port: e.port, authorization: e.password, retryAmount: 5, retryDelay: 10000 })),
        sendToShard: (_guildId, payload) => answerVoiceOp(payload as VoiceStateOp, (packet) => void m.sendRawData(packet as never)),
        client: BOT,
        autoSkip: true,
        autoMove: true,
        playerOptions: { onDisconnect: { autoReconnect: true, destroyPlayer: false } },
      });
      manager = m;
      m.nodeManager.on("error", () => undefined);
      cleanup.add(() => { for (const node of [...m.nodeManager.nodes.values()]) node.destroy(undefined, true); });
      await m.init(BOT);
      await waitFor(() => ids.every((id) => { const n = m.nodeManager.nodes.get(id); return n?.connected && n.sessionId && n.info; }),
        { timeoutMs: 30000, what: "lavalink-client connected to every node" });

      // The track as Lavalink returns it, turned into the library's Track.
      const agent = createKeepAliveAgent(1);
      cleanup.add(() => agent.destroy());
      const e0 = emulators[0]!;
      const { text } = await httpRequest(agent, { port: e0.port, method: "GET", path: `/v4/loadtracks?identifier=${encodeURIComponent(FAILOVER_TRACK)}`, password: e0.password });
      const loaded = JSON.parse(text) as { loadType: string; data: LavalinkClient.LavalinkTrack };
      if (loaded.loadType !== "track") throw new Error("the emulator did not load the failover track");
      const track = m.utils.buildTrack(loaded.data, { id: "42" });

      const startedAt = new Map<string, number>();
      await forEachLimited(guilds.map((g, i) => [g, ids[i % ids.length]!] as const), CREATE_CONCURRENCY, async ([guildId, node]) => {
        const player = m.createPlayer({ guildId, voiceChannelId: FAILOVER_CHANNEL, node, selfDeaf: true });
        await player.connect();
        await waitFor(() => player.voice.token && player.voice.endpoint && player.voice.sessionId, { timeoutMs: 10000, what: `voice of ${guildId}` });
        const t = Date.now();
        await player.play({ clientTrack: track });
        startedAt.set(guildId, t);
      });
      return { emulators, startedAt, signals };
    },
    arm(victim: number) {
      const m = manager!;
      const id = `node-${victim}`;
      m.nodeManager.on("disconnect", (node) => { if (node.id === id) signals.detectedAt ??= Date.now(); });
      // Instrumentation only: time when the library's migration routine starts and returns.
      const node = m.nodeManager.nodes.get(id)! as unknown as { movePlayersToReplacementNode(...a: unknown[]): Promise<unknown> };
      const original = node.movePlayersToReplacementNode.bind(node);
      node.movePlayersToReplacementNode = async (...a: unknown[]) => {
        signals.moveStartedAt ??= Date.now();
        try {
          return await original(...a);
        } finally {
          signals.moveDoneAt ??= Date.now();
        }
      };
    },
  };
}
