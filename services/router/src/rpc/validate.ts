/**
 * Field-level validation of RouterService requests. Every problem is collected and reported at
 * once as INVALID_ARGUMENT naming each field; nothing is applied when a request is invalid.
 */
import { InvalidArgumentError, InvalidArgumentsError } from "../../../common/src/errors";
import { MAX_REPORTED_PROBLEMS } from "../../../common/src/limits";
import { updateLimitProblems } from "../../../common/src/mapping/validate-update-limits";
import type { UpdatePlayerRequest } from "../../../../gen/ts/pyro/router/v1/player";
import type { VoiceState } from "../../../../gen/ts/pyro/lavalink/v1/voice";

const SNOWFLAKE = /^[1-9]\d{15,19}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Collects problems (keeping the first MAX_REPORTED_PROBLEMS, counting all); `done()` throws them together. */
export class Problems {
  private readonly list: InvalidArgumentError[] = [];
  private total = 0;
  /** Records one problem. */
  add(field: string, reason: string): void {
    this.push(new InvalidArgumentError(field, reason));
  }
  /** Records every problem of a list (a loop: a spread of a huge list overflows the stack). */
  addAll(errors: readonly InvalidArgumentError[]): void {
    for (const e of errors) this.push(e);
  }
  private push(e: InvalidArgumentError): void {
    this.total++;
    if (this.list.length < MAX_REPORTED_PROBLEMS) this.list.push(e);
  }
  /** @throws InvalidArgumentError (one problem) or InvalidArgumentsError (several). */
  done(): void {
    if (this.total === 1) throw this.list[0]!;
    if (this.total > 1) throw new InvalidArgumentsError(this.list, this.total);
  }
}

/** Largest snowflake: Discord ids are signed 64-bit, and Lavalink refuses anything above (a ghost player). */
export const MAX_SNOWFLAKE = 2n ** 63n - 1n;

/** True for a Discord snowflake: a decimal id of 16 to 20 digits, no leading zero, at most 2^63−1. */
export function isSnowflake(value: string): boolean {
  return SNOWFLAKE.test(value) && BigInt(value) <= MAX_SNOWFLAKE;
}

/** A Discord snowflake (guild, user, channel id): 16 to 20 digits, at most 2^63−1. */
export function checkSnowflake(p: Problems, field: string, value: string | undefined): void {
  if (value === undefined || value === "") p.add(field, "is required");
  else if (!SNOWFLAKE.test(value)) p.add(field, `must be a Discord snowflake (decimal id), got ${JSON.stringify(value.slice(0, 40))}`);
  else if (BigInt(value) > MAX_SNOWFLAKE) p.add(field, `must be a Discord snowflake at most 2^63-1 (${MAX_SNOWFLAKE}), got ${JSON.stringify(value)}`);
}

/** Throws unless `guildId` is a snowflake. */
export function assertGuildId(guildId: string, field = "guild_id"): void {
  const p = new Problems();
  checkSnowflake(p, field, guildId);
  p.done();
}

/** Voice credentials: all four values present, channel a snowflake. */
export function checkVoice(p: Problems, field: string, v: VoiceState): void {
  if (!v.token) p.add(`${field}.token`, "is required");
  if (!v.endpoint) p.add(`${field}.endpoint`, "is required");
  if (!v.sessionId) p.add(`${field}.session_id`, "is required");
  checkSnowflake(p, `${field}.channel_id`, v.channelId);
}

/** An encoded Lavalink track: non-empty base64. */
export function checkEncodedTrack(p: Problems, field: string, value: string): void {
  if (value === "") p.add(field, "is required");
  else if (value.length > 64 * 1024) p.add(field, "is longer than 64 KiB");
  else if (!BASE64.test(value)) p.add(field, "must be a base64 encoded track");
}

/** Validates UpdatePlayerRequest. @throws InvalidArgumentError(s). */
export function validateUpdatePlayer(req: UpdatePlayerRequest): void {
  const p = new Problems();
  checkSnowflake(p, "guild_id", req.guildId);
  const t = req.track;
  if (t?.$case === "encodedTrack") checkEncodedTrack(p, "encoded_track", t.value);
  if (t?.$case === "identifier" && t.value.trim() === "") p.add("identifier", "must not be empty");
  if (req.volume !== undefined && (req.volume < 0 || req.volume > 1000)) p.add("volume", `must be within 0..1000, got ${req.volume}`);
  if (req.endTime?.$case === "endTimeMs" && req.endTime.value <= 0n) p.add("end_time_ms", "must be greater than 0");
  p.addAll(updateLimitProblems(req, ""));
  if (req.voice) checkVoice(p, "voice", req.voice);
  p.done();
}

/** Page size rule of the list RPCs: 0 → `fallback`, capped at `max`; negative is invalid. */
export function pageSize(value: number, field: string, fallback = 100, max = 1000): number {
  if (value < 0) throw new InvalidArgumentError(field, "must not be negative");
  return value === 0 ? fallback : Math.min(value, max);
}
