/**
 * Typed errors raised by every registry backend. Each carries a closed `code` and the ids involved,
 * so a server wrapper can map them to gRPC statuses in one place (ABORTED for lost compare-and-sets,
 * NOT_FOUND, RESOURCE_EXHAUSTED, INVALID_ARGUMENT, INTERNAL for corrupt data).
 */

/** Every code a registry error may carry. */
export type RegistryErrorCode =
  | "STALE_EPOCH"
  | "PLAYER_NOT_FOUND"
  | "NODE_NOT_FOUND"
  | "CORRUPT_RECORD"
  | "VERSION_MISMATCH"
  | "QUEUE_FULL"
  | "INVALID_INDEX"
  | "REPLICA_WAIT";

import { PyroError, type ErrorKind } from "../errors";

/** Bad input to a registry call: the one InvalidArgumentError of the house, re-exported for registry callers. */
export { InvalidArgumentError } from "../errors";

/** gRPC-facing kind of each registry error code (mapped to a status in grpc/status-mapping.ts). */
const KIND_BY_CODE: Record<RegistryErrorCode, ErrorKind> = {
  STALE_EPOCH: "aborted",
  PLAYER_NOT_FOUND: "not_found",
  NODE_NOT_FOUND: "not_found",
  CORRUPT_RECORD: "unavailable",
  VERSION_MISMATCH: "aborted",
  QUEUE_FULL: "resource_exhausted",
  INVALID_INDEX: "invalid_argument",
  REPLICA_WAIT: "unavailable",
};

/** Base class of all registry errors; `code` is stable and safe to switch on. */
export abstract class RegistryError extends PyroError {
  abstract override readonly code: RegistryErrorCode;
  get kind(): ErrorKind {
    return KIND_BY_CODE[this.code];
  }
}

/**
 * A fenced operation carried an epoch that is no longer current (gRPC ABORTED): a registry
 * compare-and-set lost, or a Lavanode refused a command for an epoch it has superseded. The one
 * definition; the Lavanode throws it too.
 */
export class StaleEpochError extends RegistryError {
  readonly code = "STALE_EPOCH";
  constructor(
    readonly guildId: string,
    readonly expectedEpoch: number,
    readonly actualEpoch: number,
  ) {
    super(`player ${guildId}: epoch ${expectedEpoch} is stale (current ${actualEpoch})`);
    this.name = "StaleEpochError";
  }
}

/** No player record exists for the guild (gRPC NOT_FOUND). */
export class PlayerNotFoundError extends RegistryError {
  readonly code = "PLAYER_NOT_FOUND";
  constructor(readonly guildId: string) {
    super(`guild ${guildId} has no player`);
    this.name = "PlayerNotFoundError";
  }
}

/** No node record exists for the node id (gRPC NOT_FOUND). */
export class NodeNotFoundError extends RegistryError {
  readonly code = "NODE_NOT_FOUND";
  constructor(readonly nodeId: string) {
    super(`node ${nodeId} is not registered`);
    this.name = "NodeNotFoundError";
  }
}

/**
 * A stored record failed validation when read back (Redis contents are external input).
 * `key` names the record, `reason` the first problem found (with a field path).
 */
export class CorruptRecordError extends RegistryError {
  readonly code = "CORRUPT_RECORD";
  constructor(
    readonly key: string,
    readonly reason: string,
  ) {
    super(`corrupt registry record ${key}: ${reason}`);
    this.name = "CorruptRecordError";
  }
}

/** A queue edit carried an expected version (or expected current item) that no longer holds (gRPC ABORTED). */
export class VersionMismatchError extends RegistryError {
  readonly code = "VERSION_MISMATCH";
  constructor(
    readonly guildId: string,
    readonly expected: number | string | null,
    readonly actual: number | string | null,
  ) {
    super(`queue ${guildId}: expected ${String(expected)}, found ${String(actual)}`);
    this.name = "VersionMismatchError";
  }
}

/** Adding items would exceed the queue's maximum length; nothing was written (gRPC RESOURCE_EXHAUSTED). */
export class QueueFullError extends RegistryError {
  readonly code = "QUEUE_FULL";
  constructor(
    readonly guildId: string,
    readonly length: number,
    readonly adding: number,
    readonly maxLength: number,
  ) {
    super(`queue ${guildId}: ${length} + ${adding} items exceeds the maximum of ${maxLength}`);
    this.name = "QueueFullError";
  }
}

/** An index or range is outside the queue; nothing was written (gRPC INVALID_ARGUMENT). */
export class InvalidIndexError extends RegistryError {
  readonly code = "INVALID_INDEX";
  constructor(
    readonly guildId: string,
    readonly index: number,
    readonly length: number,
    detail = "",
  ) {
    super(`queue ${guildId}: index ${index} invalid for length ${length}${detail ? ` (${detail})` : ""}`);
    this.name = "InvalidIndexError";
  }
}

/**
 * Fewer Redis Cluster replicas than asked confirmed an epoch write in time (redis-replica-wait.ts).
 * The write stands; it is reported (never thrown) because a failover now could roll it back.
 */
export class ReplicaWaitError extends RegistryError {
  readonly code = "REPLICA_WAIT";
  constructor(readonly key: string, readonly confirmed: number, readonly wanted: number) {
    super(`only ${confirmed} of ${wanted} replicas confirmed the write of ${key} in time; a failover now could roll it back`);
    this.name = "ReplicaWaitError";
  }
}
