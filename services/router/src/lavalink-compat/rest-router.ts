/**
 * Dispatch of Lavalink's REST routes (exact paths, no trailing slash, as Spring matches them):
 * authentication (401 missing, 403 wrong, empty bodies), then the handler, then the response or
 * Lavalink's error body. Never throws.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "../../../common/src/logger";
import type { RouterContext } from "../rpc/router-context";
import { decodePathSegment, requestUrl, sendEmpty, sendError, sendJson, sendText } from "./http-io";
import { LavalinkHttpError, toLavalinkHttpError } from "./lavalink-http-error";
import { checkAuthorization, type PasswordCheck } from "./password";
import { deletePlayer, getPlayer, listPlayers, patchPlayer, patchSession } from "./rest-players";
import { freeAddress, freeAll, info, routePlannerStatus, stats, version } from "./rest-node";
import { decodeTrack, decodeTracks, loadTracks } from "./rest-tracks";
import { forwardPluginRoute, isPluginPath } from "./rest-plugins";
import type { RestRequest, RestResult } from "./rest-types";
import type { SessionManager } from "./session-manager";

type Handler = (r: RestRequest, ...params: string[]) => Promise<RestResult>;

/** Routes: method, path pattern (segments; `:x` captures), handler. */
const ROUTES: Array<[string, string[], Handler]> = [
  ["GET", ["v4", "loadtracks"], loadTracks],
  ["GET", ["v4", "decodetrack"], decodeTrack],
  ["POST", ["v4", "decodetracks"], decodeTracks],
  ["GET", ["v4", "info"], info],
  ["GET", ["v4", "stats"], stats],
  ["GET", ["version"], version],
  ["GET", ["v4", "routeplanner", "status"], routePlannerStatus],
  ["POST", ["v4", "routeplanner", "free", "address"], freeAddress],
  ["POST", ["v4", "routeplanner", "free", "all"], freeAll],
  ["PATCH", ["v4", "sessions", ":s"], patchSession],
  ["GET", ["v4", "sessions", ":s", "players"], listPlayers],
  ["GET", ["v4", "sessions", ":s", "players", ":g"], getPlayer],
  ["PATCH", ["v4", "sessions", ":s", "players", ":g"], patchPlayer],
  ["DELETE", ["v4", "sessions", ":s", "players", ":g"], deletePlayer],
];

function match(pattern: string[], segments: string[]): string[] | undefined {
  if (pattern.length !== segments.length) return undefined;
  const params: string[] = [];
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i]!.startsWith(":")) params.push(decodePathSegment(segments[i]!));
    else if (pattern[i] !== segments[i]) return undefined;
  }
  return params;
}

/** Handles one HTTP request of the Lavalink API. */
export async function handleRest(req: IncomingMessage, res: ServerResponse, ctx: RouterContext, sessions: SessionManager, password: PasswordCheck, logger: Logger): Promise<void> {
  const auth = checkAuthorization(req.headers.authorization, password);
  if (auth !== 0) return sendEmpty(res, auth);
  const url = requestUrl(req);
  if (!url) return sendError(res, new LavalinkHttpError(400, "The request target is not a valid URL"), "/", new URLSearchParams());
  const abort = new AbortController();
  res.once("close", () => abort.abort());
  try {
    const segments = url.pathname.split("/").slice(1);
    // `GET /` and `/v3/websocket` are legacy endpoints Lavalink answers with an empty 200.
    if (req.method === "GET" && (url.pathname === "/" || url.pathname === "/v3/websocket")) return sendEmpty(res, 200);
    let methodMismatch = false;
    for (const [method, pattern, handler] of ROUTES) {
      const params = match(pattern, segments);
      if (!params) continue;
      if (method !== req.method) {
        methodMismatch = true;
        continue;
      }
      const out = await handler({ req, query: url.searchParams, ctx, sessions, signal: abort.signal }, ...params);
      if (out.text !== undefined) return sendText(res, out.status, out.text);
      if (out.json !== undefined) return sendJson(res, out.status, out.json);
      return sendEmpty(res, out.status);
    }
    if (methodMismatch) throw new LavalinkHttpError(405, `Request method '${req.method}' is not supported`);
    // Not a core route: a plugin's, forwarded to the node that has it (its 404 if none does).
    if (isPluginPath(url.pathname)) {
      const rawQuery = (req.url ?? "").includes("?") ? (req.url ?? "").slice((req.url ?? "").indexOf("?") + 1) : "";
      return await forwardPluginRoute({ req, query: url.searchParams, ctx, sessions, signal: abort.signal }, res, url.pathname, rawQuery);
    }
    throw new LavalinkHttpError(404, "Not Found");
  } catch (err) {
    if (!res.headersSent) sendError(res, toLavalinkHttpError(err, logger, url.pathname), url.pathname, url.searchParams);
  }
}
