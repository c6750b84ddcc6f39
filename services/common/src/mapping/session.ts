/** Lavalink session resume configuration (`PATCH /v4/sessions/{sessionId}`) ⇄ pyro.lavalink.v1.SessionInfo. */
import type { UpdateSessionRequest } from "../../../../gen/ts/pyro/lavanode/v1/lavanode";
import type { SessionInfo as SessionInfoProto } from "../../../../gen/ts/pyro/lavalink/v1/session";
import type { SessionInfo, SessionUpdate } from "../lavalink-protocol";

/** Converts the session PATCH response `{resuming, timeout}` (timeout in seconds) to proto. */
export function sessionInfoToProto(info: SessionInfo): SessionInfoProto {
  return { resuming: info.resuming, timeoutSeconds: info.timeout };
}

/** Converts proto SessionInfo to Lavalink's `{resuming, timeout}` (seconds). */
export function sessionInfoFromProto(info: SessionInfoProto): SessionInfo {
  return { resuming: info.resuming, timeout: info.timeoutSeconds };
}

/** Builds the session PATCH body from an UpdateSessionRequest; unset fields are omitted (unchanged), so an empty request reads. */
export function sessionUpdateFromProto(request: UpdateSessionRequest): SessionUpdate {
  const out: SessionUpdate = {};
  if (request.resuming !== undefined) out.resuming = request.resuming;
  if (request.timeoutSeconds !== undefined) out.timeout = request.timeoutSeconds;
  return out;
}
