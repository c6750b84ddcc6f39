/**
 * `player.queue`: the guild's durable queue on the Router (it survives bot restarts and node
 * failures). Indexes are 0-based positions in the upcoming list. Every method takes
 * `{ signal, deadlineMs }`. `skip()` and `previous()` agree on "nothing there": both resolve
 * with `nowPlaying: null` instead of one throwing and the other not.
 */
import type { QueueEntry } from "../gen/pyro/router/v1/queue";
import { RepeatMode } from "../gen/pyro/router/v1/queue";
import type { CallOptions, PyroClient } from "./pyro-client";
import { PyroClientError } from "./errors";
import { toPlain, type Plain } from "./plain";
import { toIdentifier } from "./search";
import { status } from "@grpc/grpc-js";

/** A queue entry in Plain form. */
export type PlainQueueEntry = Plain<QueueEntry>;

/** A track to add: a query/URL/identifier, or an encoded track. */
export type TrackInput = string | { encoded: string; userData?: Record<string, unknown> };

/** Repeat modes. */
export type Repeat = "off" | "track" | "queue";

/** A snapshot of the queue. */
export interface QueueList {
  version: number;
  nowPlaying: PlainQueueEntry | null;
  upcoming: PlainQueueEntry[];
  upcomingLength: number;
  history: PlainQueueEntry[];
  repeat: Repeat;
}

const REPEAT: Record<Repeat, RepeatMode> = { off: RepeatMode.REPEAT_MODE_OFF, track: RepeatMode.REPEAT_MODE_TRACK, queue: RepeatMode.REPEAT_MODE_QUEUE };

/** Builds an EnqueueRequest track source. */
export function trackSource(t: TrackInput, source?: string) {
  return typeof t === "string"
    ? { source: { $case: "identifier" as const, value: toIdentifier(t, source) } }
    : { source: { $case: "encodedTrack" as const, value: t.encoded }, userData: t.userData };
}

/** The queue of one guild. */
export class Queue {
  constructor(private readonly client: PyroClient, readonly guildId: string, private readonly source?: string) {}

  /** Appends tracks (or inserts them before `index`); with `playIfIdle`, starts the first if nothing plays. */
  async add(tracks: TrackInput | TrackInput[], opts: CallOptions & { index?: number; playIfIdle?: boolean } = {}): Promise<{ added: PlainQueueEntry[]; started: boolean; version: number }> {
    const list = Array.isArray(tracks) ? tracks : [tracks];
    const r = await this.client.enqueue({ guildId: this.guildId, tracks: list.map((t) => trackSource(t, this.source)), index: opts.index, playIfIdle: opts.playIfIdle ?? false }, opts);
    return { added: r.added.map(toPlain), started: r.started, version: Number(r.version) };
  }

  /** Inserts tracks before upcoming `index` (0 = play next). */
  insert(index: number, tracks: TrackInput | TrackInput[], opts: CallOptions = {}): Promise<{ added: PlainQueueEntry[]; started: boolean; version: number }> {
    return this.add(tracks, { ...opts, index });
  }

  /** Removes the upcoming entry at `index`, or the entry with id `entryId`. */
  async remove(target: number | { entryId: string }, opts: CallOptions = {}): Promise<PlainQueueEntry[]> {
    const t = typeof target === "number" ? { $case: "index" as const, value: target } : { $case: "entryId" as const, value: target.entryId };
    return (await this.client.removeFromQueue({ guildId: this.guildId, target: t }, opts)).removed.map(toPlain);
  }

  /** Moves the upcoming entry at `from` to index `to`. */
  async move(from: number, to: number, opts: CallOptions = {}): Promise<void> {
    await this.client.moveInQueue({ guildId: this.guildId, fromIndex: from, toIndex: to }, opts);
  }

  /** Shuffles the upcoming entries (reproducibly with `seed`). */
  async shuffle(opts: CallOptions & { seed?: number } = {}): Promise<void> {
    await this.client.shuffleQueue({ guildId: this.guildId, seed: opts.seed === undefined ? undefined : BigInt(opts.seed) }, opts);
  }

  /** Removes every upcoming entry (and the history with `history: true`); returns how many. */
  async clear(opts: CallOptions & { history?: boolean } = {}): Promise<number> {
    return (await this.client.clearQueue({ guildId: this.guildId, clearHistory: opts.history ?? false }, opts)).removedCount;
  }

  /** Skips `count` entries (default 1); `nowPlaying` is null when the queue ran out or nothing was playing. */
  async skip(count = 1, opts: CallOptions = {}): Promise<{ nowPlaying: PlainQueueEntry | null; skipped: PlainQueueEntry[] }> {
    const r = await this.client.skip({ guildId: this.guildId, count }, opts);
    return { nowPlaying: r.nowPlaying ? toPlain(r.nowPlaying) : null, skipped: r.skipped.map(toPlain) };
  }

  /** Plays the most recent history entry again; `nowPlaying` is null when the history is empty. */
  async previous(opts: CallOptions = {}): Promise<{ nowPlaying: PlainQueueEntry | null }> {
    try {
      const r = await this.client.previous({ guildId: this.guildId }, opts);
      return { nowPlaying: r.nowPlaying ? toPlain(r.nowPlaying) : null };
    } catch (err) {
      if (err instanceof PyroClientError && err.code === status.FAILED_PRECONDITION) return { nowPlaying: null };
      throw err;
    }
  }

  /** Sets the repeat mode. */
  async repeat(mode: Repeat, opts: CallOptions = {}): Promise<void> {
    await this.client.setRepeatMode({ guildId: this.guildId, repeatMode: REPEAT[mode] }, opts);
  }

  /** Reads the queue: now playing, upcoming from `offset` (at most `limit`, default 100), and `history` entries. */
  async list(opts: CallOptions & { offset?: number; limit?: number; history?: number } = {}): Promise<QueueList> {
    const r = await this.client.getQueue({ guildId: this.guildId, offset: opts.offset ?? 0, limit: opts.limit ?? 0, historyLimit: opts.history ?? 0 }, opts);
    const repeat = (Object.keys(REPEAT) as Repeat[]).find((k) => REPEAT[k] === r.repeatMode) ?? "off";
    return { version: Number(r.version), nowPlaying: r.nowPlaying ? toPlain(r.nowPlaying) : null, upcoming: r.upcoming.map(toPlain), upcomingLength: r.upcomingLength, history: r.history.map(toPlain), repeat };
  }
}
