/**
 * Queue RPCs of RouterService over the registry's QueueStore. Every edit is one atomic store
 * operation (or a read plus a version-checked write), returns the new version, and publishes
 * QueueUpdated; Skip and Previous also drive the player (see queue/queue-playback.ts).
 */
import type { ServiceImpl } from "../../../common/src/grpc/call-context";
import { VersionMismatchError } from "../../../common/src/registry/errors";
import type { QueueItem } from "../../../common/src/registry/types";
import type { AdvanceResult } from "../../../common/src/registry/registry";
import type { RouterServiceService } from "../../../../gen/ts/pyro/router/v1/router_service";
import { QueueChange } from "../../../../gen/ts/pyro/router/v1/event";
import { PreconditionError, QueueEntryNotFoundError } from "../errors";
import { entryOf, repeatModeFromProto, repeatModeToProto } from "../queue/queue-entry";
import { createQueuePlayback, type QueuePlayback } from "../queue/queue-playback";
import { checkEdit, expectedOf, optimistic, validateEnqueue, withIndexField } from "../queue/queue-request";
import { resolveTrackSources } from "../queue/track-sources";
import { pageSize } from "./validate";
import type { RouterContext } from "./router-context";

type Impl = ServiceImpl<typeof RouterServiceService>;
type QueueRpcs = Pick<Impl, "enqueue" | "getQueue" | "removeFromQueue" | "moveInQueue" | "shuffleQueue" | "clearQueue" | "skip" | "previous" | "setRepeatMode">;

/** Options of the queue RPCs. */
export interface QueueRpcOptions {
  /** Maximum upcoming entries per queue (default 10,000); Enqueue past it is RESOURCE_EXHAUSTED. */
  maxQueueLength?: number;
  /** Side effects; default: built from `c`. */
  playback?: QueuePlayback;
  /** Wall clock in unix ms (entry ids carry the enqueue time). */
  now?: () => number;
}

/** Default maximum queue length. */
export const DEFAULT_MAX_QUEUE_LENGTH = 10_000;
/** Page size of the id scan of RemoveFromQueue by entry_id. */
const SCAN_PAGE = 10_000;

/** The queue RPCs over `c`. */
export function createQueueRpcs(c: RouterContext, o: QueueRpcOptions = {}): QueueRpcs {
  const queues = c.registry.queues;
  const maxLength = o.maxQueueLength ?? DEFAULT_MAX_QUEUE_LENGTH;
  const playback = o.playback ?? createQueuePlayback(c);
  const now = o.now ?? Date.now;

  /**
   * Index of the upcoming entry `entryId` and the version it was read at.
   * @throws VersionMismatchError when the queue is not at `expected` (checked before NOT_FOUND).
   */
  async function findEntry(guildId: string, entryId: string, expected: number | undefined, signal: AbortSignal): Promise<{ index: number; version: number }> {
    for (let offset = 0; ; offset += SCAN_PAGE) {
      const page = await queues.page(guildId, { offset, limit: SCAN_PAGE, signal });
      if (expected !== undefined && page.version !== expected) throw new VersionMismatchError(guildId, expected, page.version);
      const i = page.items.findIndex((it) => it.id === entryId);
      if (i >= 0) return { index: offset + i, version: page.version };
      if (offset + SCAN_PAGE >= page.total) throw new QueueEntryNotFoundError(guildId, entryId);
    }
  }

  return {
    async enqueue(req, { signal }) {
      validateEnqueue(req);
      const items = await resolveTrackSources(c.tracks, req.tracks, now(), signal);
      const added = await withIndexField(
        () => queues.add(req.guildId, items, { index: req.index, expectedVersion: expectedOf(req.expectedVersion), maxLength, signal }),
        (e) => ["index", e.index],
      );
      // Publishing goes out first on the registry connection; what follows need not wait for it.
      const published = playback.updated(req.guildId, added.version, QueueChange.QUEUE_CHANGE_ENQUEUE);
      let version = added.version;
      let started = false;
      if (!req.playIfIdle) {
        const [after] = await Promise.all([queues.page(req.guildId, { limit: 0, signal }), published]);
        return { version: BigInt(version), added: added.items.map(entryOf), upcomingLength: after.total, started };
      }
      await published;
      try {
        // Idle = the queue has no now-playing entry; of concurrent callers only one starts it.
        const r = await queues.advance(req.guildId, { expectedCurrentId: null, signal });
        started = true;
        version = r.version;
        await playback.updated(req.guildId, r.version, QueueChange.QUEUE_CHANGE_ADVANCE);
        await playback.apply(req.guildId, r.current, r.version, signal);
      } catch (err) {
        if (!(err instanceof VersionMismatchError)) throw err;
      }
      const after = await queues.page(req.guildId, { limit: 0, signal });
      return { version: BigInt(version), added: added.items.map(entryOf), upcomingLength: after.total, started };
    },

    async getQueue(req, { signal }) {
      checkEdit(req.guildId, undefined, (p) => {
        if (req.offset < 0) p.add("offset", "must not be negative");
        if (req.historyLimit < 0) p.add("history_limit", "must not be negative");
      });
      const limit = pageSize(req.limit, "limit");
      const page = await queues.page(req.guildId, { offset: req.offset, limit, signal });
      return {
        version: BigInt(page.version),
        nowPlaying: page.current ? entryOf(page.current) : undefined,
        upcoming: page.items.map(entryOf),
        offset: page.offset,
        upcomingLength: page.total,
        history: page.history.slice(0, req.historyLimit).map(entryOf),
        repeatMode: repeatModeToProto(page.repeatMode),
      };
    },

    async removeFromQueue(req, { signal }) {
      const t = req.target;
      checkEdit(req.guildId, req.expectedVersion, (p) => {
        if (!t) p.add("target", "is required (index, range or entry_id)");
        else if (t.$case === "index" && t.value < 0) p.add("index", "must not be negative");
        else if (t.$case === "range" && t.value.start < 0) p.add("range.start", "must not be negative");
        else if (t.$case === "range" && t.value.end <= t.value.start) p.add("range.end", "must be greater than range.start");
        else if (t.$case === "entryId" && t.value === "") p.add("entry_id", "must not be empty");
      });
      const expected = expectedOf(req.expectedVersion);
      let r: { version: number; removed: QueueItem[] };
      if (t!.$case === "index") {
        const index = t!.value;
        r = await withIndexField(() => queues.remove(req.guildId, index, { expectedVersion: expected, signal }), () => ["index", index]);
      } else if (t!.$case === "range") {
        const { start, end } = t!.value;
        r = await withIndexField(
          () => queues.remove(req.guildId, start, { count: end - start, expectedVersion: expected, signal }),
          (e) => (start >= e.length ? ["range.start", start] : ["range.end", end]),
        );
      } else {
        const entryId = t!.value;
        r = await optimistic(expected, async () => {
          const found = await findEntry(req.guildId, entryId, expected, signal);
          return queues.remove(req.guildId, found.index, { expectedVersion: expected ?? found.version, signal });
        });
      }
      await playback.updated(req.guildId, r.version, QueueChange.QUEUE_CHANGE_REMOVE);
      return { version: BigInt(r.version), removed: r.removed.map(entryOf) };
    },

    async moveInQueue(req, { signal }) {
      const { fromIndex: from, toIndex: to } = req;
      checkEdit(req.guildId, req.expectedVersion, (p) => {
        if (from < 0) p.add("from_index", "must not be negative");
        if (to < 0) p.add("to_index", "must not be negative");
      });
      const r = await withIndexField(
        () => queues.move(req.guildId, from, to, { expectedVersion: expectedOf(req.expectedVersion), signal }),
        (e) => (from >= e.length ? ["from_index", from] : ["to_index", to]),
      );
      await playback.updated(req.guildId, r.version, QueueChange.QUEUE_CHANGE_MOVE);
      return { version: BigInt(r.version) };
    },

    async shuffleQueue(req, { signal }) {
      checkEdit(req.guildId, req.expectedVersion);
      const seed = req.seed === undefined ? undefined : Number(req.seed);
      const r = await queues.shuffle(req.guildId, { seed, expectedVersion: expectedOf(req.expectedVersion), signal });
      await playback.updated(req.guildId, r.version, QueueChange.QUEUE_CHANGE_SHUFFLE);
      return { version: BigInt(r.version) };
    },

    async clearQueue(req, { signal }) {
      checkEdit(req.guildId, req.expectedVersion);
      const r = await queues.clear(req.guildId, { history: req.clearHistory, expectedVersion: expectedOf(req.expectedVersion), signal });
      await playback.updated(req.guildId, r.version, QueueChange.QUEUE_CHANGE_CLEAR);
      return { version: BigInt(r.version), removedCount: r.removed };
    },

    async skip(req, { signal }) {
      const n = req.count ?? 1;
      checkEdit(req.guildId, req.expectedVersion, (p) => {
        if (n < 1 || n > 10_000) p.add("count", `must be within 1..10000, got ${n}`);
      });
      const expected = expectedOf(req.expectedVersion);
      let result: AdvanceResult;
      let skipped: QueueItem[];
      if (n === 1) {
        // One step: the store reports the entry it skipped, so no read (and no retry under contention).
        result = await queues.advance(req.guildId, { force: true, expectedVersion: expected, signal });
        skipped = result.previous ? [result.previous] : [];
      } else {
        const r = await optimistic(expected, async () => {
          const before = await queues.page(req.guildId, { limit: n, signal });
          return { before, result: await queues.advance(req.guildId, { count: n, force: true, expectedVersion: expected ?? before.version, signal }) };
        });
        result = r.result;
        // advance moved the current entry and the next n-1 upcoming ones (fewer when idle) to history.
        const seq = r.before.current ? [r.before.current, ...r.before.items] : r.before.items;
        skipped = seq.slice(0, r.before.current ? n : n - 1);
      }
      // QueueUpdated is written to the registry before anything apply() sends (same connection, issued first).
      await Promise.all([playback.updated(req.guildId, result.version, QueueChange.QUEUE_CHANGE_SKIP), playback.apply(req.guildId, result.current, result.version, signal)]);
      return { version: BigInt(result.version), nowPlaying: result.current ? entryOf(result.current) : undefined, skipped: skipped.map(entryOf) };
    },

    async previous(req, { signal }) {
      checkEdit(req.guildId, req.expectedVersion);
      const expected = expectedOf(req.expectedVersion);
      const result = await optimistic(expected, async () => {
        const before = await queues.page(req.guildId, { limit: 0, signal });
        if (before.history.length === 0 && (expected === undefined || expected === before.version)) {
          throw new PreconditionError(`queue of guild ${req.guildId} has no history`);
        }
        return queues.previous(req.guildId, { expectedVersion: expected ?? before.version, signal });
      });
      await playback.updated(req.guildId, result.version, QueueChange.QUEUE_CHANGE_PREVIOUS);
      await playback.apply(req.guildId, result.current, result.version, signal);
      return { version: BigInt(result.version), nowPlaying: result.current ? entryOf(result.current) : undefined };
    },

    async setRepeatMode(req, { signal }) {
      const mode = repeatModeFromProto(req.repeatMode);
      checkEdit(req.guildId, req.expectedVersion, (p) => {
        if (!mode) p.add("repeat_mode", "must be OFF, TRACK or QUEUE");
      });
      const r = await queues.setRepeatMode(req.guildId, mode!, { expectedVersion: expectedOf(req.expectedVersion), signal });
      await playback.updated(req.guildId, r.version, QueueChange.QUEUE_CHANGE_REPEAT_MODE);
      return { version: BigInt(r.version) };
    },
  };
}
