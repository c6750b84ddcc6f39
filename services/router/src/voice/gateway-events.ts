/**
 * Parses raw Discord gateway payloads (as a bot or gateway-ingest service receives them) into
 * voice updates. Accepts the dispatch envelope `{ op: 0, t, d }` or the bare `d` object.
 */
import { InvalidArgumentError } from "../../../common/src/errors";

/** A parsed voice event. */
export type GatewayVoiceEvent =
  | { type: "state"; guildId: string; userId: string; sessionId: string; channelId: string | null }
  | { type: "server"; guildId: string; token: string; endpoint: string | null };

const str = (o: Record<string, unknown>, key: string, field: string): string => {
  const v = o[key];
  if (typeof v !== "string" || v === "") throw new InvalidArgumentError(`${field}.${key}`, "must be a non-empty string");
  return v;
};
const strOrNull = (o: Record<string, unknown>, key: string, field: string): string | null => {
  const v = o[key];
  if (v === null || v === undefined) return null;
  if (typeof v !== "string") throw new InvalidArgumentError(`${field}.${key}`, "must be a string or null");
  return v;
};

/**
 * Parses one event. Returns undefined for events that are not voice events (ignored).
 * @throws InvalidArgumentError naming the bad field.
 */
export function parseGatewayVoiceEvent(eventName: string, payload: unknown): GatewayVoiceEvent | undefined {
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) throw new InvalidArgumentError("data", "must be a JSON object");
  let d = payload as Record<string, unknown>;
  let name = eventName;
  if ("d" in d && typeof d.d === "object" && d.d !== null) {
    if (typeof d.t === "string" && name === "") name = d.t;
    d = d.d as Record<string, unknown>;
  }
  if (name === "VOICE_STATE_UPDATE") {
    return { type: "state", guildId: str(d, "guild_id", "data"), userId: str(d, "user_id", "data"), sessionId: str(d, "session_id", "data"), channelId: strOrNull(d, "channel_id", "data") };
  }
  if (name === "VOICE_SERVER_UPDATE") {
    return { type: "server", guildId: str(d, "guild_id", "data"), token: str(d, "token", "data"), endpoint: strOrNull(d, "endpoint", "data") };
  }
  if (name === "") throw new InvalidArgumentError("event_name", "is required");
  return undefined;
}
