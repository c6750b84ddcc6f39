import { EmulatorContext } from "./context";
import { errors, HttpError } from "./errors";
import { JsonObject } from "./json";
import { expectObject, optBool, optInt, parseQueryBool } from "./json-input";
import { parseGuildId } from "./guild-id";
import { applyPlayerUpdate, parsePlayerUpdate, validatePlayerUpdate } from "./player-update";
import { LavalinkSession } from "./session";

/** Looks up an OPEN session; unknown or PAUSED → 404 `Session not found`. */
export function liveSession(ctx: EmulatorContext, sessionId: string): LavalinkSession {
  const session = ctx.sessions.getLive(sessionId);
  if (!session) throw errors.sessionNotFound();
  return session;
}

/** `GET /v4/sessions/{id}/players`. */
export function listPlayers(ctx: EmulatorContext, sessionId: string): JsonObject[] {
  return [...liveSession(ctx, sessionId).players.values()].map((p) => p.toJson());
}

/** `GET /v4/sessions/{id}/players/{guildId}`. */
export function getPlayer(ctx: EmulatorContext, sessionId: string, rawGuildId: string): JsonObject {
  const guildId = parseGuildId(rawGuildId);
  const player = liveSession(ctx, sessionId).player(guildId, false);
  if (!player) throw errors.playerNotFound();
  return player.toJson();
}

/** `PATCH /v4/sessions/{id}/players/{guildId}?noReplace=`. */
export function patchPlayer(ctx: EmulatorContext, sessionId: string, rawGuildId: string, body: unknown, query: URLSearchParams): JsonObject {
  const guildId = parseGuildId(rawGuildId);
  const update = parsePlayerUpdate(body);
  const noReplace = parseQueryBool(query.get("noReplace"), "noReplace");
  const session = liveSession(ctx, sessionId);
  const filters = validatePlayerUpdate(update, ctx.disabledFilters, ctx.plugins);
  return applyPlayerUpdate(session, guildId, update, filters, noReplace, ctx.plugins).toJson();
}

/** `DELETE /v4/sessions/{id}/players/{guildId}`: 204 even when the player does not exist. */
export function deletePlayer(ctx: EmulatorContext, sessionId: string, rawGuildId: string): void {
  const guildId = parseGuildId(rawGuildId);
  liveSession(ctx, sessionId).destroyPlayer(guildId);
}

/** `PATCH /v4/sessions/{id}`: partial update of `resuming` / `timeout` (seconds); `{}` reads them. */
export function patchSession(ctx: EmulatorContext, sessionId: string, body: unknown): JsonObject {
  const o = expectObject(body, "body");
  const resuming = optBool(o, "resuming", "body");
  const timeout = optInt(o, "timeout", "body", 64);
  const session = liveSession(ctx, sessionId);
  if (resuming !== undefined) session.resuming = resuming;
  if (timeout !== undefined) session.timeoutSeconds = timeout;
  return { resuming: session.resuming, timeout: session.timeoutSeconds };
}
