/**
 * The Router as a cluster of processes: Redis + 3 emulators + 3 Lavanodes + 2 Routers.
 * Placement spread, cross-Router event delivery, voice ingest in either order, player RPCs.
 */
import { startCluster, type Cluster } from "../../support/cluster-harness";
import { playersByGuild } from "../../support/emulator-process";
import { BOT_USER_ID, voiceFor } from "../../support/lavanode-harness";
import { waitFor } from "../../support/wait-for";
import { PlayerPhase } from "../../../gen/ts/pyro/router/v1/player";
import type { Event } from "../../../gen/ts/pyro/router/v1/event";
import { forEachLimited } from "../../../services/common/src/for-each-limited";

const guild = (i: number): string => String(400000000000000000n + BigInt(i));

describe("Router cluster (processes)", () => {
  let cluster: Cluster;
  let track: string;

  beforeAll(async () => {
    cluster = await startCluster({ nodes: 3, routers: 2 });
    const loaded = await cluster.clients[0]!.loadTracks({ identifier: "emulator:cluster song:900000" });
    if (loaded.result?.result?.$case !== "track") throw new Error("expected a track");
    track = loaded.result.result.value.encoded;
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  it("spreads 300 players over 3 nodes and delivers their events to a subscriber on the other Router", async () => {
    const [a, b] = cluster.clients;
    const guilds = Array.from({ length: 300 }, (_, i) => guild(i));
    const started = new Set<string>();
    const placed = new Set<string>();
    const abort = new AbortController();
    const watching = (async () => {
      for await (const e of b!.watch({ guildIds: [] }, { signal: abort.signal }) as AsyncIterable<Event>) {
        if (e.kind?.$case === "trackStart") started.add(e.guildId);
        if (e.kind?.$case === "playerPlaced") placed.add(e.guildId);
      }
    })();
    // Let the subscription register before the first placement.
    await waitFor(async () => (await b!.listNodes({ states: [] })).nodes.length === 3);
    await forEachLimited(guilds, 16, async (g) => {
      const r = await a!.updatePlayer({ guildId: g, track: { $case: "encodedTrack", value: track }, voice: voiceFor(g), noReplace: false });
      expect(r.player?.phase).toBe(PlayerPhase.PLAYER_PHASE_PLACED);
    });
    await waitFor(() => started.size === 300 && placed.size === 300, { timeoutMs: 60000, what: `events for 300 players (got ${started.size} starts)` });
    abort.abort();
    await watching.catch(() => undefined);

    const states = await cluster.states();
    const counts = cluster.nodeIds.map((id) => playersByGuild(states.get(id)!).size);
    expect(counts.reduce((x, y) => x + y, 0)).toBe(300);
    // Equal nodes: the penalty's player term plus pending placements spread the burst evenly.
    for (const c of counts) expect(c).toBeGreaterThanOrEqual(70);
    // Each guild plays on exactly one node, the one the registry names.
    for (const g of guilds.slice(0, 30)) {
      const p = await b!.getPlayer({ guildId: g });
      const where = cluster.nodeIds.filter((id) => playersByGuild(states.get(id)!).has(g));
      expect(where).toEqual([p.player!.nodeId]);
    }
  });

  it("starts a player once both voice events and a track arrive: track first", async () => {
    const [a, b] = cluster.clients;
    const g = guild(1001);
    const r = await a!.updatePlayer({ guildId: g, track: { $case: "encodedTrack", value: track }, volume: 55, noReplace: false });
    expect(r.player?.phase).toBe(PlayerPhase.PLAYER_PHASE_AWAITING_VOICE);
    const st = await b!.updateVoiceState({ guildId: g, userId: BOT_USER_ID, sessionId: "sess-1", channelId: "200000000000000001" });
    expect(st).toMatchObject({ accepted: true, voiceComplete: false });
    const sv = await a!.updateVoiceServer({ guildId: g, token: "tok", endpoint: "c-fra05-1234.discord.media:443" });
    expect(sv).toMatchObject({ voiceComplete: true, applied: true });
    await waitFor(async () => {
      for (const s of (await cluster.states()).values()) {
        const p = playersByGuild(s).get(g);
        if (p?.track && p.volume === 55 && p.state.connected) return true;
      }
      return false;
    }, { what: "player playing after voice" });
    // Discord moves the voice server: the new endpoint is applied and the same track keeps playing.
    const before = await a!.getPlayer({ guildId: g });
    const moved = await b!.updateVoiceServer({ guildId: g, token: "tok-2", endpoint: "c-ams02-9999.discord.media:443" });
    expect(moved).toMatchObject({ voiceComplete: true, applied: true });
    await waitFor(async () => {
      for (const s of (await cluster.states()).values()) {
        const p = playersByGuild(s).get(g);
        if (p?.track && p.state.connected && p.state.position > Number(before.player!.player!.state!.positionMs)) return true;
      }
      return false;
    }, { what: "same track still playing after the voice server move" });
    const after = await a!.getPlayer({ guildId: g });
    // The new endpoint is in effect; the token is write-only (never in a response).
    expect(after.player?.player?.voice).toMatchObject({ endpoint: "c-ams02-9999.discord.media:443", token: "" });
    expect(after.player?.player?.track?.info?.title).toBe(before.player?.player?.track?.info?.title);
    expect(after.player?.nodeId).toBe(before.player?.nodeId);
  });

  it("starts a player once both voice events and a track arrive: voice first, through gateway ingest", async () => {
    const [a] = cluster.clients;
    const g = guild(1002);
    const result = await new Promise<{ accepted: bigint; ignored: bigint; rejected: bigint }>((resolve, reject) => {
      const call = a!.raw.ingestVoiceEvents(a!.metadata, (err, res) => (err ? reject(err) : resolve(res)));
      call.write({ eventName: "VOICE_SERVER_UPDATE", payload: { $case: "dataJson", value: JSON.stringify({ guild_id: g, token: "tok2", endpoint: "us-east1.discord.media:443" }) } });
      call.write({ eventName: "VOICE_STATE_UPDATE", payload: { $case: "data", value: { guild_id: g, user_id: "999999999999999999", session_id: "other", channel_id: "200000000000000002" } } });
      call.write({ eventName: "", payload: { $case: "data", value: { op: 0, t: "VOICE_STATE_UPDATE", d: { guild_id: g, user_id: BOT_USER_ID, session_id: "sess-2", channel_id: "200000000000000002" } } } });
      call.write({ eventName: "VOICE_STATE_UPDATE", payload: { $case: "dataJson", value: "{not json" } });
      call.write({ eventName: "MESSAGE_CREATE", payload: { $case: "data", value: { content: "hi" } } });
      call.end();
    });
    expect(result).toMatchObject({ accepted: 2n, ignored: 2n, rejected: 1n });
    await waitFor(async () => (await a!.getPlayer({ guildId: g })).player?.phase === PlayerPhase.PLAYER_PHASE_PLACED, { what: "placed on voice" });
    await a!.updatePlayer({ guildId: g, track: { $case: "identifier", value: "emulator:voice first:500000" }, noReplace: false });
    await waitFor(async () => {
      for (const s of (await cluster.states()).values()) if (playersByGuild(s).get(g)?.track?.info.title === "voice first") return true;
      return false;
    }, { what: "track playing" });
    // The bot leaving the channel destroys the player.
    const left = await a!.updateVoiceState({ guildId: g, userId: BOT_USER_ID, sessionId: "sess-2" });
    expect(left.playerDestroyed).toBe(true);
    await expect(a!.getPlayer({ guildId: g })).rejects.toMatchObject({ code: 5 });
  });

  it("moves a player on request and serves node RPCs", async () => {
    const [a] = cluster.clients;
    const g = guild(7);
    const before = await a!.getPlayer({ guildId: g });
    const target = cluster.nodeIds.find((id) => id !== before.player!.nodeId)!;
    const moved = await a!.movePlayer({ guildId: g, targetNodeId: target });
    expect(moved).toMatchObject({ oldNodeId: before.player!.nodeId, newNodeId: target });
    expect(moved.player!.epoch).toBeGreaterThan(before.player!.epoch);
    await waitFor(async () => {
      const states = await cluster.states();
      return cluster.nodeIds.filter((id) => playersByGuild(states.get(id)!).has(g)).join() === target;
    }, { what: "player only on the target" });
    const node = await a!.getNode({ nodeId: target });
    expect(node.node).toMatchObject({ id: target, lavalinkConnected: true });
    expect(node.version).toMatch(/^4\./);
    const explain = await a!.explainPlacement({ guildId: g, excludeNodeIds: [target] });
    expect(explain.chosenNodeId).toBeDefined();
    expect(explain.chosenNodeId).not.toBe(target);
    expect(explain.rejections.map((r) => r.nodeId)).toContain(target);
    await a!.cordonNode({ nodeId: target, reason: "maintenance" });
    const cordoned = await a!.explainPlacement({ guildId: g, excludeNodeIds: [] });
    expect(cordoned.rejections.find((r) => r.nodeId === target)).toBeDefined();
    await a!.uncordonNode({ nodeId: target });
    const listed = await a!.listPlayers({ pageSize: 50, pageToken: "", nodeId: target });
    expect(listed.players.some((p) => p.player?.guildId === g)).toBe(true);
  });
});
