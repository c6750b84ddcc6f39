/** Router domain errors; mapped to gRPC statuses by services/common/src/grpc/status-mapping.ts. */
import { PyroError } from "../../common/src/errors";

/** The not-found errors are the registry's: one class each, whichever module threw them. */
export { NodeNotFoundError, PlayerNotFoundError } from "../../common/src/registry/errors";

/** No node passes placement's filters; `reasons` lists each node's rejection. */
export class NoNodeAvailableError extends PyroError {
  readonly kind = "resource_exhausted";
  readonly code = "NO_NODE_AVAILABLE";
  /** `guildId` is undefined for requests that concern no guild (loading or decoding tracks). */
  constructor(readonly guildId: string | undefined, readonly reasons: string[]) {
    const what = guildId === undefined ? "no node is available" : `no node can take guild ${guildId}`;
    super(`${what}${reasons.length ? `: ${reasons.join("; ")}` : " (no usable node is registered)"}`);
    this.name = "NoNodeAvailableError";
  }
}

/** The named node cannot serve the request right now (down, draining, not connected). */
export class NodeUnavailableError extends PyroError {
  readonly kind = "unavailable";
  readonly code = "NODE_UNAVAILABLE";
  constructor(readonly nodeId: string, reason: string) {
    super(`node ${nodeId} is unavailable: ${reason}`);
    this.name = "NodeUnavailableError";
  }
}

/** The request conflicts with the node's or player's state (e.g. moving to a draining node). */
export class PreconditionError extends PyroError {
  readonly kind = "failed_precondition";
  readonly code = "FAILED_PRECONDITION";
  constructor(message: string) {
    super(message);
    this.name = "PreconditionError";
  }
}

/** No upcoming queue entry has the given id. */
export class QueueEntryNotFoundError extends PyroError {
  readonly kind = "not_found";
  readonly code = "QUEUE_ENTRY_NOT_FOUND";
  constructor(readonly guildId: string, readonly entryId: string) {
    super(`queue of guild ${guildId} has no upcoming entry ${entryId}`);
    this.name = "QueueEntryNotFoundError";
  }
}
