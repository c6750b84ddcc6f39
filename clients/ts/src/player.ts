/**
 * `pyro.player(guildId)`: the player verbs of one guild. `play()` goes through the guild's queue
 * (so `queue.list()` shows what plays); `{ now: true }` plays before everything else and replaces
 * the current track. Filter helpers merge into the current filters rather than replacing them.
 * Every method takes `{ signal, deadlineMs }`.
 */
import { Filters } from "../gen/pyro/lavalink/v1/filters";
import type { ManagedPlayer } from "../gen/pyro/router/v1/player";
import type { CallOptions, PyroClient } from "./pyro-client";
import { FILTER_PRESETS, type FilterPreset } from "./filter-presets";
import { Queue, type PlainQueueEntry, type TrackInput } from "./queue";
import { toPlain, type Plain } from "./plain";

/** A player in Plain form. */
export type PlainPlayer = Plain<ManagedPlayer>;

/** Options of `play`. */
export interface PlayOptions extends CallOptions {
  /** Replace the current track right away (it goes to the history) instead of queueing. */
  now?: boolean;
}

/** The player of one guild. */
export class Player {
  /** The guild's queue. */
  readonly queue: Queue;
  /** Filter helpers (merge semantics). */
  readonly filters: PlayerFilters;

  constructor(private readonly client: PyroClient, readonly guildId: string, source?: string) {
    this.queue = new Queue(client, guildId, source);
    this.filters = new PlayerFilters(this);
  }

  /** Queues `track` (a query, URL or `{ encoded }`) and starts it if nothing plays; with `now`, plays it at once. */
  async play(track: TrackInput, opts: PlayOptions = {}): Promise<{ entry: PlainQueueEntry; started: boolean }> {
    if (!opts.now) {
      const r = await this.queue.add(track, { ...opts, playIfIdle: true });
      return { entry: r.added[0]!, started: r.started };
    }
    const r = await this.queue.add(track, { ...opts, index: 0, playIfIdle: true });
    if (!r.started) await this.queue.skip(1, opts);
    return { entry: r.added[0]!, started: true };
  }

  /** The player, or null when the guild has none. */
  async get(opts: CallOptions = {}): Promise<PlainPlayer | null> {
    try {
      return toPlain((await this.client.getPlayer({ guildId: this.guildId }, opts)).player!);
    } catch (err) {
      if ((err as { errorCode?: string }).errorCode === "PLAYER_NOT_FOUND") return null;
      throw err;
    }
  }

  /** Pauses. */
  pause(opts: CallOptions = {}): Promise<PlainPlayer> {
    return this.update({ paused: true }, opts);
  }

  /** Resumes. */
  resume(opts: CallOptions = {}): Promise<PlainPlayer> {
    return this.update({ paused: false }, opts);
  }

  /** Stops the current track (the queue does not advance). */
  stop(opts: CallOptions = {}): Promise<PlainPlayer> {
    return this.update({ track: { $case: "stop", value: {} } }, opts);
  }

  /** Seeks the current track to `ms`. */
  seek(ms: number, opts: CallOptions = {}): Promise<PlainPlayer> {
    return this.update({ positionMs: BigInt(Math.max(0, Math.round(ms))) }, opts);
  }

  /** Sets the volume in percent, 0..1000. */
  setVolume(volume: number, opts: CallOptions = {}): Promise<PlainPlayer> {
    return this.update({ volume: Math.round(volume) }, opts);
  }

  /** Destroys the player (the queue stays; leave the voice channel with gateway op 4 yourself). */
  async destroy(opts: CallOptions = {}): Promise<boolean> {
    return (await this.client.destroyPlayer({ guildId: this.guildId }, opts)).existed;
  }

  /** Moves the player to `nodeId`, or to the node placement picks. */
  async move(nodeId?: string, opts: CallOptions = {}): Promise<{ oldNodeId: string; newNodeId: string }> {
    const r = await this.client.movePlayer({ guildId: this.guildId, targetNodeId: nodeId }, opts);
    return { oldNodeId: r.oldNodeId, newNodeId: r.newNodeId };
  }

  /** Applies a partial player update (UpdatePlayer) and returns the player. */
  async update(patch: Parameters<PyroClient["updatePlayer"]>[0], opts: CallOptions = {}): Promise<PlainPlayer> {
    return toPlain((await this.client.updatePlayer({ ...patch, guildId: this.guildId }, opts)).player!);
  }
}

/** Filter helpers of a player. */
export class PlayerFilters {
  constructor(private readonly player: Player) {}

  /** The current filters ({} without a player). */
  async current(opts: CallOptions = {}): Promise<Filters> {
    return Filters.fromPartial((await this.player.get(opts))?.player?.filters ?? {});
  }

  /** Merges `filters` into the current ones (a filter given here replaces that filter only). */
  async set(filters: Partial<Filters>, opts: CallOptions = {}): Promise<Filters> {
    const merged = Filters.fromPartial({ ...(await this.current(opts)), ...filters });
    return Filters.fromPartial((await this.player.update({ filters: merged }, opts)).player?.filters ?? {});
  }

  /** Merges a preset: nightcore, vaporwave, 8d, bassboost, karaoke. */
  preset(name: FilterPreset, opts: CallOptions = {}): Promise<Filters> {
    return this.set(FILTER_PRESETS[name], opts);
  }

  /** Removes every filter. */
  async clear(opts: CallOptions = {}): Promise<void> {
    await this.player.update({ filters: Filters.fromPartial({}) }, opts);
  }
}
