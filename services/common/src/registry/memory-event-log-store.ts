/** In-memory backend of EventLogStore, with the Redis backend's semantics. */
import { throwIfAborted, type AsyncOptions } from "../abort";
import type { JsonValue } from "./types";
import { EVENT_LOG_MAX_AGE_MS, EVENT_LOG_MAX_ENTRIES, type EventLogAppend, type EventLogBounds, type EventLogEntry, type EventLogStore } from "./event-log-store";

interface GuildLog {
  last: number;
  entries: (EventLogEntry & { eventId: string })[];
  /** eventId → sequence of every entry still in the log. */
  ids: Map<string, number>;
}

/** Event logs held in this process. */
export class MemoryEventLogStore implements EventLogStore {
  private readonly logs = new Map<string, GuildLog>();
  private readonly maxAgeMs: number;
  private readonly maxEntries: number;

  constructor(private readonly now: () => number, bounds: EventLogBounds = {}) {
    this.maxAgeMs = bounds.maxAgeMs ?? EVENT_LOG_MAX_AGE_MS;
    this.maxEntries = bounds.maxEntries ?? EVENT_LOG_MAX_ENTRIES;
  }

  async append(guildId: string, eventId: string, payload: JsonValue, opts?: AsyncOptions): Promise<EventLogAppend> {
    throwIfAborted(opts?.signal);
    const at = this.now();
    const log: GuildLog = this.logs.get(guildId) ?? { last: 0, entries: [], ids: new Map() };
    this.logs.set(guildId, log);
    const seen = log.ids.get(eventId);
    if (seen !== undefined) return { sequence: seen, duplicate: true };
    const sequence = ++log.last;
    log.entries.push({ sequence, at, payload: structuredClone(payload), eventId });
    log.ids.set(eventId, sequence);
    this.trim(log, at);
    return { sequence, duplicate: false };
  }

  async readAfter(guildId: string, afterSequence: number, opts?: AsyncOptions): Promise<EventLogEntry[]> {
    throwIfAborted(opts?.signal);
    const log = this.logs.get(guildId);
    if (!log) return [];
    this.trim(log, this.now());
    // A cursor past the last sequence comes from an older log of the guild: everything is new to it.
    const after = afterSequence > log.last ? 0 : afterSequence;
    return log.entries.filter((e) => e.sequence > after).map((e) => ({ sequence: e.sequence, at: e.at, payload: structuredClone(e.payload) }));
  }

  private trim(log: GuildLog, at: number): void {
    const oldest = at - this.maxAgeMs;
    while (log.entries.length > 0 && (log.entries[0]!.at < oldest || log.entries.length > this.maxEntries)) {
      log.ids.delete(log.entries.shift()!.eventId);
    }
  }
}
