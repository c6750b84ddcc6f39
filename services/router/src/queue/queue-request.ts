/**
 * Request checks and small helpers shared by the queue RPCs: field validation (INVALID_ARGUMENT
 * naming the field), store index errors re-attributed to the request field, and optimistic
 * retries for edits whose caller sent no expected version.
 */
import { InvalidArgumentError } from "../../../common/src/errors";
import { InvalidIndexError, VersionMismatchError } from "../../../common/src/registry/errors";
import type { EnqueueRequest } from "../../../../gen/ts/pyro/router/v1/queue";
import { checkEncodedTrack, checkSnowflake, Problems } from "../rpc/validate";

/** Most tracks one Enqueue may name (a playlist source may still add more). */
export const MAX_SOURCES_PER_ENQUEUE = 1000;
/** Attempts of an edit that reads the queue first and then applies with that version. */
export const OPTIMISTIC_ATTEMPTS = 20;

/** Checks guild_id and an optional expected_version. @throws InvalidArgumentError(s). */
export function checkEdit(guildId: string, expectedVersion?: bigint, more?: (p: Problems) => void): void {
  const p = new Problems();
  checkSnowflake(p, "guild_id", guildId);
  if (expectedVersion !== undefined && (expectedVersion < 0n || expectedVersion > BigInt(Number.MAX_SAFE_INTEGER))) p.add("expected_version", "must be within 0..2^53-1");
  more?.(p);
  p.done();
}

/** Validates EnqueueRequest. @throws InvalidArgumentError(s). */
export function validateEnqueue(req: EnqueueRequest): void {
  checkEdit(req.guildId, req.expectedVersion, (p) => {
    if (req.tracks.length === 0) p.add("tracks", "must hold at least one track");
    if (req.tracks.length > MAX_SOURCES_PER_ENQUEUE) p.add("tracks", `must hold at most ${MAX_SOURCES_PER_ENQUEUE} tracks`);
    req.tracks.slice(0, MAX_SOURCES_PER_ENQUEUE).forEach((t, i) => {
      const s = t.source;
      if (s === undefined) p.add(`tracks[${i}].source`, "is required (encoded_track or identifier)");
      else if (s.$case === "encodedTrack") checkEncodedTrack(p, `tracks[${i}].encoded_track`, s.value);
      else if (s.value.trim() === "") p.add(`tracks[${i}].identifier`, "must not be empty");
      else if (s.value.length > 4096) p.add(`tracks[${i}].identifier`, "is longer than 4096 characters");
    });
    if (req.index !== undefined && req.index < 0) p.add("index", "must not be negative");
  });
}

/** An expected_version as the store takes it. */
export function expectedOf(v: bigint | undefined): number | undefined {
  return v === undefined ? undefined : Number(v);
}

/**
 * Runs `fn` with a store InvalidIndexError turned into InvalidArgumentError on the field
 * `fieldOf(err)` names, e.g. "to_index is 7, the queue has 3 upcoming entries".
 */
export async function withIndexField<T>(fn: () => Promise<T>, fieldOf: (err: InvalidIndexError) => [field: string, value: number]): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (!(err instanceof InvalidIndexError)) throw err;
    const [field, value] = fieldOf(err);
    throw new InvalidArgumentError(field, `is ${value}, out of range for ${err.length} upcoming entries`);
  }
}

/**
 * Runs a read-then-write edit. With the caller's expected version it runs once (a mismatch is
 * ABORTED); without, it re-reads and retries on a lost race, up to OPTIMISTIC_ATTEMPTS times.
 */
export async function optimistic<T>(callerExpected: number | undefined, attempt: () => Promise<T>): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (err) {
      if (callerExpected !== undefined || !(err instanceof VersionMismatchError) || i >= OPTIMISTIC_ATTEMPTS) throw err;
    }
  }
}
