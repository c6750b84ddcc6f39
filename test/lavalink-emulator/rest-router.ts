import type { IncomingMessage, ServerResponse } from "node:http";
import { EMULATED_VERSION, EmulatorContext } from "./context";
import { HttpError } from "./errors";
import { BUILTIN_FILTERS } from "./filters";
import { isJsonContentType, readBody, sendEmpty, sendError, sendJson, sendText } from "./http-io";
import { expectObject, optString, parseJsonBody } from "./json-input";
import type { PluginRoute } from "./plugins/plugin-types";
import { deletePlayer, getPlayer, listPlayers, liveSession, patchPlayer, patchSession } from "./rest-sessions";
import { decodeTrackRoute, decodeTracksRoute, loadTracks } from "./rest-tracks";
import { buildStats } from "./stats";
import { loadError, shapeInfo, shapePlayer, shapeStats } from "./quirks";
import { SOURCE_MANAGERS } from "./track-json";
import type { JsonObject } from "./json";

type Reply = { kind: "json"; status: number; body: unknown } | { kind: "empty"; status: number } | { kind: "text"; body: string };
type Handler = (ctx: EmulatorContext, params: string[], query: URLSearchParams, body: () => unknown) => Reply;

interface Route {
  method: string;
  pattern: RegExp;
  /** True for routes with a JSON request body (415 unless Content-Type is JSON). */
  hasBody: boolean;
  handler: Handler;
}

const json = (body: unknown, status = 200): Reply => ({ kind: "json", status, body });
const empty = (status = 204): Reply => ({ kind: "empty", status });

function info(ctx: EmulatorContext): unknown {
  return {
    version: EMULATED_VERSION,
    buildTime: -1,
    git: { branch: "emulator", commit: "0000000", commitTime: 0 },
    jvm: "17.0.13",
    lavaplayer: "2.2.6",
    sourceManagers: [...SOURCE_MANAGERS, ...ctx.plugins.sourceManagers],
    filters: [...BUILTIN_FILTERS, ...Object.keys(ctx.plugins.filters)],
    plugins: ctx.plugins.info,
  };
}

function filteredInfo(ctx: EmulatorContext): unknown {
  const base = info(ctx) as { filters: readonly string[] };
  return { ...base, filters: base.filters.filter((f) => !ctx.disabledFilters.has(f)) };
}

const SESSION = "/v4/sessions/([^/]+)";
const CORE_ROUTES: Route[] = [
  { method: "GET", pattern: /^\/version$/, hasBody: false, handler: () => ({ kind: "text", body: EMULATED_VERSION.semver }) },
  { method: "GET", pattern: /^\/$/, hasBody: false, handler: () => empty(200) },
  { method: "GET", pattern: /^\/v3\/websocket$/, hasBody: false, handler: () => empty(200) },
  { method: "GET", pattern: /^\/v4\/info$/, hasBody: false, handler: (ctx) => json(shapeInfo(ctx.quirks, filteredInfo(ctx) as JsonObject)) },
  { method: "GET", pattern: /^\/v4\/stats$/, hasBody: false,
    handler: (ctx) => json(shapeStats(ctx.quirks, buildStats(ctx.sessions.all(), ctx.statsOverrides, ctx.startedAtMs, ctx.clock.now()))) },
  { method: "GET", pattern: /^\/v4\/loadtracks$/, hasBody: false, handler: (ctx, _p, q) => {
    const quirk = loadError(ctx.quirks, q.get("identifier") ?? "");
    if (quirk) throw new HttpError(quirk.status, quirk.message);
    return json(loadTracks(q, ctx.plugins));
  } },
  { method: "GET", pattern: /^\/v4\/decodetrack$/, hasBody: false, handler: (ctx, _p, q) => json(decodeTrackRoute(q, ctx.plugins)) },
  { method: "POST", pattern: /^\/v4\/decodetracks$/, hasBody: true, handler: (ctx, _p, _q, body) => json(decodeTracksRoute(body(), ctx.plugins)) },
  { method: "GET", pattern: new RegExp(`^${SESSION}/players$`), hasBody: false, handler: (ctx, [sid]) => json(listPlayers(ctx, sid).map((p) => shapePlayer(ctx.quirks, p))) },
  { method: "GET", pattern: new RegExp(`^${SESSION}/players/([^/]+)$`), hasBody: false, handler: (ctx, [sid, gid]) => json(shapePlayer(ctx.quirks, getPlayer(ctx, sid, gid))) },
  { method: "PATCH", pattern: new RegExp(`^${SESSION}/players/([^/]+)$`), hasBody: true,
    handler: (ctx, [sid, gid], q, body) => json(shapePlayer(ctx.quirks, patchPlayer(ctx, sid, gid, body(), q))) },
  { method: "DELETE", pattern: new RegExp(`^${SESSION}/players/([^/]+)$`), hasBody: false,
    handler: (ctx, [sid, gid]) => (deletePlayer(ctx, sid, gid), empty()) },
  { method: "PATCH", pattern: new RegExp(`^${SESSION}$`), hasBody: true, handler: (ctx, [sid], _q, body) => json(patchSession(ctx, sid, body())) },
  { method: "GET", pattern: /^\/v4\/routeplanner\/status$/, hasBody: false,
    handler: (ctx) => { const s = ctx.routePlanner.status(); return s ? json(s) : empty(); } },
  { method: "POST", pattern: /^\/v4\/routeplanner\/free\/address$/, hasBody: true,
    handler: (ctx, _p, _q, body) => {
      const address = optString(expectObject(body(), "body"), "address", "body");
      if (address === undefined) throw new HttpError(400, "JSON parse error: field 'body.address' is required");
      ctx.routePlanner.freeAddress(address);
      return empty();
    } },
  { method: "POST", pattern: /^\/v4\/routeplanner\/free\/all$/, hasBody: false, handler: (ctx) => (ctx.routePlanner.freeAll(), empty()) },
];

/** Core routes first, then the enabled plugins' routes (a plugin cannot shadow a core route). */
function routesOf(ctx: EmulatorContext): Route[] {
  return [...CORE_ROUTES, ...ctx.plugins.routes.map((r) => ({ method: r.method, pattern: r.pattern, hasBody: r.hasBody, handler: pluginHandler(r) }))];
}

function pluginHandler(route: PluginRoute): Handler {
  return (ctx, params, query, body) => {
    const reply = route.handler({
      params, query, body: body(),
      session: (sessionId) => liveSession(ctx, sessionId),
      // Clients put the blob in the query unescaped, so a `+` arrives as a space.
      decodeTrack: (encoded) => {
        try {
          return ctx.plugins.decodeClientTrack(encoded.replace(/ /g, "+")).fields;
        } catch (e) {
          throw new HttpError(400, (e as Error).message);
        }
      },
    });
    return reply.body === undefined ? empty(reply.status) : json(reply.body, reply.status);
  };
}

function decodeParams(match: RegExpExecArray): string[] {
  return match.slice(1).map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return p;
    }
  });
}

/**
 * Serves one authenticated Lavalink REST request (auth is checked by the caller). Never throws: every
 * failure becomes Lavalink's error body.
 */
export async function handleRest(ctx: EmulatorContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const path = url.pathname;
  try {
    ctx.counters.restRequests++;
    const traceparent = req.headers.traceparent;
    if (typeof traceparent === "string") {
      const recent = ctx.counters.recentTraceparents;
      recent.push({ method: req.method ?? "", path, traceparent });
      if (recent.length > 50) recent.shift();
    }
    if (ctx.restFailures.remaining > 0) {
      ctx.restFailures.remaining--;
      throw new HttpError(ctx.restFailures.status, "Injected failure (emulator failNextRest)");
    }
    const candidates = routesOf(ctx).map((r) => ({ r, m: r.pattern.exec(path) })).filter((x) => x.m !== null);
    if (candidates.length === 0) throw new HttpError(404, `No static resource ${path.replace(/^\//, "")}.`);
    const hit = candidates.find((c) => c.r.method === req.method);
    if (!hit) throw new HttpError(405, `Request method '${req.method}' is not supported`);
    let parsed: unknown;
    if (hit.r.hasBody) {
      if (!isJsonContentType(req)) {
        throw new HttpError(415, `Content-Type '${req.headers["content-type"] ?? ""}' is not supported.`);
      }
      parsed = parseJsonBody(await readBody(req));
    }
    const reply = hit.r.handler(ctx, decodeParams(hit.m!), url.searchParams, () => parsed);
    if (reply.kind === "json") sendJson(res, reply.status, reply.body);
    else if (reply.kind === "text") sendText(res, 200, reply.body);
    else sendEmpty(res, reply.status);
  } catch (e) {
    if (!res.headersSent) sendError(res, e, path, url.searchParams);
  }
}
