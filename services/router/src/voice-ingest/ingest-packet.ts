/**
 * Decodes one raw gateway dispatch as a broker carries it: the JSON text of `{op: 0, t, d}`.
 * Pure: no I/O, so the rules (what is a voice packet, what is malformed) are unit-tested alone.
 */
import { InvalidArgumentError } from "../../../common/src/errors";
import { assertGuildId } from "../rpc/validate";
import { parseGatewayVoiceEvent, type GatewayVoiceEvent } from "../voice/gateway-events";

/** Why a packet was malformed: a small closed set, used as a metric label and to log once per kind. */
export type MalformedKind = "no_packet" | "not_json" | "not_dispatch" | "bad_voice_field" | "too_large";

/** What a packet is. */
export type DecodedPacket =
  | { kind: "voice"; event: GatewayVoiceEvent }
  | { kind: "other" }
  | { kind: "malformed"; why: MalformedKind; detail: string };

/** Largest packet accepted (a voice dispatch is well under 2 KiB). */
export const MAX_PACKET_BYTES = 64 * 1024;

/** Decodes `text` (undefined: the broker's entry carried no packet); never throws. */
export function decodeIngestPacket(text: string | undefined): DecodedPacket {
  if (text === undefined) return { kind: "malformed", why: "no_packet", detail: "the entry has no packet" };
  if (text.length > MAX_PACKET_BYTES) return { kind: "malformed", why: "too_large", detail: `${text.length} characters` };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: "malformed", why: "not_json", detail: "the packet is not JSON" };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return { kind: "malformed", why: "not_dispatch", detail: "the packet is not a JSON object" };
  const { op, t, d } = value as Record<string, unknown>;
  if (op !== 0 || typeof t !== "string" || typeof d !== "object" || d === null) return { kind: "malformed", why: "not_dispatch", detail: "expected a dispatch {op: 0, t, d}" };
  if (t !== "VOICE_STATE_UPDATE" && t !== "VOICE_SERVER_UPDATE") return { kind: "other" };
  try {
    const event = parseGatewayVoiceEvent(t, d)!;
    assertGuildId(event.guildId, "d.guild_id");
    return { kind: "voice", event };
  } catch (err) {
    if (err instanceof InvalidArgumentError || (err as { code?: string }).code === "INVALID_ARGUMENT") return { kind: "malformed", why: "bad_voice_field", detail: (err as Error).message };
    throw err;
  }
}
