/**
 * Queues as processes: Redis + an emulator at 10x media clock + a Lavanode + 2 Routers. Both
 * Routers receive every TrackEnd; the queue still plays each entry exactly once, in order
 * (emulator counters), with repeat track and repeat queue variants, and QueueEnded arrives.
 */
import { startCluster, type Cluster } from "../../support/cluster-harness";
import { voiceFor } from "../../support/lavanode-harness";
import { waitFor } from "../../support/wait-for";
import { TrackEndReason } from "../../../gen/ts/pyro/lavalink/v1/events";
import type { Event } from "../../../gen/ts/pyro/router/v1/event";
import { RepeatMode } from "../../../gen/ts/pyro/router/v1/queue";
import { PlayerPhase } from "../../../gen/ts/pyro/router/v1/player";

const guild = (i: number): string => String(410000000000000000n + BigInt(i));

/** Events of one guild as seen by a subscriber on the second Router. */
interface Watched {
  starts: string[];
  replacedEnds: number;
  ended: boolean;
  stop(): Promise<void>;
}

describe("queue auto-advance (processes, 2 Routers)", () => {
  let cluster: Cluster;
  const encodedByTitle = new Map<string, string>();

  beforeAll(async () => {
    cluster = await startCluster({ nodes: 1, routers: 2, emulatorArgs: ["--clock-speed", "10", "--player-update-interval-ms", "500", "--stats-interval-ms", "1000"] });
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  const watch = async (g: string): Promise<Watched> => {
    const abort = new AbortController();
    const w: Watched = { starts: [], replacedEnds: 0, ended: false, stop: async () => undefined };
    let live = false;
    const loop = (async () => {
      for await (const e of cluster.clients[1]!.watch({ guildIds: [g], excludePlayerUpdates: true }, { signal: abort.signal }) as AsyncIterable<Event>) {
        live = true;
        const k = e.kind;
        if (k?.$case === "trackStart") w.starts.push(k.value.track!.info!.title);
        if (k?.$case === "trackEnd" && k.value.reason === TrackEndReason.TRACK_END_REASON_REPLACED) w.replacedEnds++;
        if (k?.$case === "queueEnded") w.ended = true;
      }
    })();
    w.stop = async () => {
      abort.abort();
      await loop.catch(() => undefined);
    };
    // Live once an event published after the subscription arrives (a no-op queue edit).
    await waitFor(async () => {
      await cluster.clients[0]!.setRepeatMode({ guildId: g, repeatMode: RepeatMode.REPEAT_MODE_OFF });
      return live;
    }, { what: "event stream live" });
    return w;
  };

  /** Places the guild's player (voice, no track) and waits until it is on the node. */
  const place = async (g: string): Promise<void> => {
    await cluster.clients[0]!.updatePlayer({ guildId: g, voice: voiceFor(g), noReplace: false });
    await waitFor(async () => (await cluster.clients[1]!.getPlayer({ guildId: g })).player?.phase === PlayerPhase.PLAYER_PHASE_PLACED, { what: "player placed" });
  };

  const enqueue = async (g: string, titles: string[], repeat: RepeatMode): Promise<void> => {
    for (const t of titles) {
      const loaded = await cluster.clients[0]!.loadTracks({ identifier: `emulator:${t}:3000` });
      if (loaded.result?.result?.$case === "track") encodedByTitle.set(t, loaded.result.result.value.encoded);
    }
    await cluster.clients[1]!.setRepeatMode({ guildId: g, repeatMode: repeat });
    const r = await cluster.clients[0]!.enqueue({
      guildId: g, tracks: titles.map((t) => ({ source: { $case: "identifier", value: `emulator:${t}:3000` } })), playIfIdle: true,
    });
    expect(r.started).toBe(true);
  };

  const counters = async () => {
    const state = [...(await cluster.states()).values()][0]!;
    return state.counters as typeof state.counters & { trackStartsByTrack: Record<string, number> };
  };

  /**
   * Destroys the guild's player, then waits until the subscriber has seen every start the emulator
   * counted (nothing starts after the destroy), stops watching, and returns the final counters.
   */
  const destroyAndSettle = async (g: string, w: Watched) => {
    await cluster.clients[0]!.destroyPlayer({ guildId: g });
    const c = await waitFor(async () => {
      const now = await counters();
      return now.trackStartsByGuild[g] === w.starts.length ? now : undefined;
    }, { what: "subscriber to see every counted start" });
    await w.stop();
    return c;
  };

  it("plays a 5-track queue through in order, each track started once, then QueueEnded", async () => {
    const g = guild(1);
    await place(g);
    const w = await watch(g);
    const titles = ["q1", "q2", "q3", "q4", "q5"];
    await enqueue(g, titles, RepeatMode.REPEAT_MODE_OFF);
    await waitFor(() => w.ended, { timeoutMs: 60000, what: `QueueEnded (starts so far: ${w.starts.join(",")})` });
    await w.stop();
    expect(w.starts).toEqual(titles);
    expect(w.replacedEnds).toBe(0);
    const c = await counters();
    expect(c.trackStartsByGuild[g]).toBe(5);
    for (const t of titles) expect(c.trackStartsByTrack[encodedByTitle.get(t)!]).toBe(1);
    const q = await cluster.clients[0]!.getQueue({ guildId: g, offset: 0, limit: 0, historyLimit: 10 });
    expect(q.nowPlaying).toBeUndefined();
    expect(q.history.map((e) => e.track!.info!.title)).toEqual([...titles].reverse());
  });

  it("repeat track replays the current track once per end", async () => {
    const g = guild(2);
    await place(g);
    const w = await watch(g);
    await enqueue(g, ["rt1", "rt2"], RepeatMode.REPEAT_MODE_TRACK);
    await waitFor(() => w.starts.length >= 4, { timeoutMs: 60000, what: "4 starts" });
    const c = await destroyAndSettle(g, w);
    expect(new Set(w.starts)).toEqual(new Set(["rt1"]));
    expect(w.replacedEnds).toBe(0);
    expect(c.trackStartsByTrack[encodedByTitle.get("rt2")!]).toBeUndefined();
  });

  it("repeat queue wraps around, each start once", async () => {
    const g = guild(3);
    await place(g);
    const w = await watch(g);
    await enqueue(g, ["rq1", "rq2"], RepeatMode.REPEAT_MODE_QUEUE);
    await waitFor(() => w.starts.length >= 5, { timeoutMs: 60000, what: "5 starts" });
    const c = await destroyAndSettle(g, w);
    expect(w.starts.slice(0, 5)).toEqual(["rq1", "rq2", "rq1", "rq2", "rq1"]);
    expect(w.replacedEnds).toBe(0);
    expect(w.ended).toBe(false);
  });
});
