/**
 * A bounded per-guild log of the events a bot sees, so a client that reconnects (to any Router)
 * can ask for what it missed. Every Router sees every node event, so several may append the same
 * event: `append` is idempotent per `eventId`, and every appender gets the same sequence number.
 * The log keeps at most `maxEntries` events per guild, none older than `maxAgeMs`.
 */
import type { AsyncOptions } from "../abort";
import type { JsonValue } from "./types";

/** Default bound: events older than 60 s are dropped. */
export const EVENT_LOG_MAX_AGE_MS = 60_000;
/** Default bound: at most 10,000 events per guild. */
export const EVENT_LOG_MAX_ENTRIES = 10_000;

/** One logged event. */
export interface EventLogEntry {
  /** Position in the guild's log, from 1, increasing by 1 per distinct event. */
  sequence: number;
  /** When it was appended (unix ms). */
  at: number;
  payload: JsonValue;
}

/** Result of `append`. */
export interface EventLogAppend {
  sequence: number;
  /** True when another appender already logged this `eventId`; the payload stored is theirs. */
  duplicate: boolean;
}

/** The per-guild event log. */
export interface EventLogStore {
  /**
   * Appends `payload` under `eventId` (unique per event, the same on every Router that sees it)
   * unless that id was appended within the window; returns its sequence either way.
   */
  append(guildId: string, eventId: string, payload: JsonValue, opts?: AsyncOptions): Promise<EventLogAppend>;
  /** Entries with a sequence greater than `afterSequence`, oldest first, within the bounds. */
  readAfter(guildId: string, afterSequence: number, opts?: AsyncOptions): Promise<EventLogEntry[]>;
}

/** Bounds of an event log. */
export interface EventLogBounds {
  maxAgeMs?: number;
  maxEntries?: number;
}
