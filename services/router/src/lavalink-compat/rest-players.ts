/** `/v4/sessions/{sessionId}[/players[/{guildId}]]`: players of a virtual session, and the session PATCH. */
import { DestroyReason } from "../../../../gen/ts/pyro/router/v1/event";
import { PlayerNotFoundError } from "../errors";
import { readJsonBody } from "./http-io";
import { isSnowflake } from "../rpc/validate";
import { LavalinkHttpError } from "./lavalink-http-error";
import { parsePlayerPatch } from "./player-patch";
import { playerJson } from "./player-json";
import type { RestRequest, RestResult } from "./rest-types";

const TRUE = new Set(["true", "1", "yes", "on"]);
const FALSE = new Set(["false", "0", "no", "off"]);

/** Spring's boolean parsing of `noReplace` (absent = false). @throws LavalinkHttpError 400. */
function noReplaceOf(query: URLSearchParams): boolean {
  const v = query.get("noReplace");
  if (v === null || v === "") return false;
  if (TRUE.has(v.toLowerCase())) return true;
  if (FALSE.has(v.toLowerCase())) return false;
  throw new LavalinkHttpError(400, `Failed to convert value of type 'java.lang.String' to required type 'boolean'; Invalid boolean value [${v}]`);
}

/**
 * Lavalink parses `guildId` as a signed 64-bit integer (its message for non-numbers is kept); Pyro
 * also requires a Discord snowflake, as its gRPC API does, so `-5` and `0` are refused too.
 * @throws LavalinkHttpError 400.
 */
function guildOf(raw: string): string {
  if (!/^-?\d{1,19}$/.test(raw) || BigInt(raw) > 9223372036854775807n || BigInt(raw) < -9223372036854775808n) {
    throw new LavalinkHttpError(400, `Failed to convert value of type 'java.lang.String' to required type 'long'; For input string: "${raw.slice(0, 40)}"`);
  }
  if (!isSnowflake(raw)) throw new LavalinkHttpError(400, `guildId must be a Discord snowflake (a positive id of 16 to 20 digits), got "${raw}"`);
  return raw;
}

/** GET players of the session. */
export async function listPlayers(r: RestRequest, sessionId: string): Promise<RestResult> {
  await r.sessions.requireOpen(sessionId);
  const out = [];
  for (const g of await r.sessions.guilds(sessionId)) {
    const managed = await r.ctx.players.get(g, r.signal).catch((err: unknown) => {
      if (err instanceof PlayerNotFoundError) return undefined;
      throw err;
    });
    if (managed) out.push(await playerJson(managed, r.ctx.tracks, r.signal));
  }
  return { status: 200, json: out };
}

/** GET one player: 404 `Player not found` when the session does not own the guild. */
export async function getPlayer(r: RestRequest, sessionId: string, rawGuild: string): Promise<RestResult> {
  await r.sessions.requireOpen(sessionId);
  const guildId = guildOf(rawGuild);
  if (!(await r.sessions.ownsGuild(sessionId, guildId))) throw new LavalinkHttpError(404, "Player not found");
  return { status: 200, json: await playerJson(await r.ctx.players.get(guildId, r.signal), r.ctx.tracks, r.signal) };
}

/** PATCH a player: creates it if absent, applies the update through Pyro's player manager. */
export async function patchPlayer(r: RestRequest, sessionId: string, rawGuild: string): Promise<RestResult> {
  await r.sessions.requireOpen(sessionId);
  const guildId = guildOf(rawGuild);
  const noReplace = noReplaceOf(r.query);
  const update = parsePlayerPatch(await readJsonBody(r.req), guildId, noReplace);
  // Claim first: the node sends TrackStartEvent before the PATCH answer, and it must reach this session.
  await r.sessions.claimGuild(sessionId, guildId);
  const managed = await r.ctx.players.update(update, r.signal);
  r.sessions.noteOwner(guildId, managed.nodeId);
  return { status: 200, json: await playerJson(managed, r.ctx.tracks, r.signal) };
}

/** DELETE a player: 204 whether or not the session had it. */
export async function deletePlayer(r: RestRequest, sessionId: string, rawGuild: string): Promise<RestResult> {
  await r.sessions.requireOpen(sessionId);
  const guildId = guildOf(rawGuild);
  if (await r.sessions.ownsGuild(sessionId, guildId)) {
    await r.ctx.players.destroy(guildId, DestroyReason.DESTROY_REASON_REQUESTED, r.signal);
    await r.sessions.releaseGuild(sessionId, guildId);
  }
  return { status: 204 };
}

/** PATCH the session: `{resuming?, timeout?}` (timeout in seconds); answers the values in effect. */
export async function patchSession(r: RestRequest, sessionId: string): Promise<RestResult> {
  await r.sessions.requireOpen(sessionId);
  const body = await readJsonBody(r.req);
  if (typeof body !== "object" || body === null || Array.isArray(body)) throw new LavalinkHttpError(400, "JSON parse error: the body must be an object");
  const b = body as Record<string, unknown>;
  if (b.resuming !== undefined && typeof b.resuming !== "boolean") throw new LavalinkHttpError(400, "JSON parse error: field 'resuming' must be a boolean");
  if (b.timeout !== undefined && (typeof b.timeout !== "number" || !Number.isSafeInteger(b.timeout))) throw new LavalinkHttpError(400, "JSON parse error: field 'timeout' must be an integer");
  return { status: 200, json: await r.sessions.updateSession(sessionId, { resuming: b.resuming as boolean | undefined, timeout: b.timeout as number | undefined }) };
}
