/**
 * Durable records of the virtual Lavalink sessions a Router's Lavalink-compatible endpoint serves
 * (services/router/src/lavalink-compat). A session outlives the Router that opened it: any replica
 * can resume it, queue its frames while it is paused, or destroy its players after the timeout.
 */
import type { AsyncOptions } from "../abort";
import { corrupt } from "./fail";

/** OPEN: a WebSocket is attached (on `routerId`); PAUSED: resumable until `pausedAt + timeoutSeconds`. */
export type LavalinkSessionState = "open" | "paused";

/** One virtual Lavalink session. Times are unix ms; `timeoutSeconds` is Lavalink's resume timeout. */
export interface LavalinkSessionRecord {
  sessionId: string;
  /** Bot user id from the handshake (`User-Id`). */
  userId: string;
  /** `Client-Name` of the handshake ("" when absent). */
  clientName: string;
  resuming: boolean;
  timeoutSeconds: number;
  state: LavalinkSessionState;
  /** The Router serving the socket (open) or queueing its frames (paused). */
  routerId: string;
  /** Refreshed by `routerId` while open; a stale heartbeat means that Router died. */
  heartbeatAt: number;
  /** When the session was paused (null while open). */
  pausedAt: number | null;
  /** How many times the session was resumed. */
  resumes: number;
  createdAt: number;
}

/** Conditions of a compare-and-set update: every given field must equal the stored one. */
export type LavalinkSessionExpect = Partial<Pick<LavalinkSessionRecord, "state" | "routerId">>;

/** Durable session records, the guilds each session owns, and frames queued while paused. */
export interface LavalinkSessionStore {
  /** Stores a new record; false (nothing written) if the id exists. */
  create(record: LavalinkSessionRecord, opts?: AsyncOptions): Promise<boolean>;
  /** The record, or null. Throws CorruptRecordError for an invalid stored record. */
  get(sessionId: string, opts?: AsyncOptions): Promise<LavalinkSessionRecord | null>;
  /** Every record (order unspecified). */
  list(opts?: AsyncOptions): Promise<LavalinkSessionRecord[]>;
  /**
   * Merges `partial` into the record if it exists and matches `expect` (atomically); returns the new
   * record, or null when absent or a condition failed.
   */
  update(sessionId: string, partial: Partial<Omit<LavalinkSessionRecord, "sessionId">>, expect?: LavalinkSessionExpect, opts?: AsyncOptions): Promise<LavalinkSessionRecord | null>;
  /**
   * Deletes the record, its guilds and its queued frames, and returns the guilds it owned; null when
   * it did not exist. Of concurrent callers exactly one gets the guilds.
   */
  remove(sessionId: string, opts?: AsyncOptions): Promise<string[] | null>;
  /** Adds a guild to the session's players. */
  addGuild(sessionId: string, guildId: string, opts?: AsyncOptions): Promise<void>;
  /** Removes a guild; false if it was not there. */
  removeGuild(sessionId: string, guildId: string, opts?: AsyncOptions): Promise<boolean>;
  /** The session's guilds, sorted. */
  guilds(sessionId: string, opts?: AsyncOptions): Promise<string[]>;
  /** Appends serialized frames; the oldest are dropped beyond `maxFrames`. */
  appendFrames(sessionId: string, frames: readonly string[], maxFrames: number, opts?: AsyncOptions): Promise<void>;
  /** Atomically reads and clears the queued frames, oldest first. */
  takeFrames(sessionId: string, opts?: AsyncOptions): Promise<string[]>;
}

const STRING_FIELDS = ["sessionId", "userId", "clientName", "routerId"] as const;
const NUMBER_FIELDS = ["timeoutSeconds", "heartbeatAt", "resumes", "createdAt"] as const;

/** Validates a record read back from storage. @throws CorruptRecordError naming `key`. */
export function validateLavalinkSession(value: unknown, key: string): LavalinkSessionRecord {
  const fail = corrupt(key);
  if (typeof value !== "object" || value === null || Array.isArray(value)) return fail("record", "is not an object");
  const r = value as Record<string, unknown>;
  for (const f of STRING_FIELDS) if (typeof r[f] !== "string") fail(f, "is not a string");
  for (const f of NUMBER_FIELDS) if (typeof r[f] !== "number" || !Number.isFinite(r[f])) fail(f, "is not a number");
  if (typeof r.resuming !== "boolean") fail("resuming", "is not a boolean");
  if (r.state !== "open" && r.state !== "paused") fail("state", "is not open or paused");
  if (r.pausedAt !== null && typeof r.pausedAt !== "number") fail("pausedAt", "is not a number or null");
  return {
    sessionId: r.sessionId as string, userId: r.userId as string, clientName: r.clientName as string,
    resuming: r.resuming as boolean, timeoutSeconds: r.timeoutSeconds as number, state: r.state as LavalinkSessionState,
    routerId: r.routerId as string, heartbeatAt: r.heartbeatAt as number, pausedAt: r.pausedAt as number | null,
    resumes: r.resumes as number, createdAt: r.createdAt as number,
  };
}

/** True when `record` satisfies every condition of `expect`. */
export function matchesExpect(record: LavalinkSessionRecord, expect: LavalinkSessionExpect | undefined): boolean {
  if (!expect) return true;
  return (expect.state === undefined || expect.state === record.state) && (expect.routerId === undefined || expect.routerId === record.routerId);
}
