/**
 * Plugin routes on the Lavalink endpoint: any `/v4/...` route that is not one of Lavalink's own is
 * forwarded (plugin-calls.ts picks the node). `/v4/sessions/{s}/players/{g}/...` needs the virtual
 * session to be open and to own the guild, and goes to the player's node with that node's real
 * session id; anything else under `/v4` is global. Method, raw query, body and its Content-Type go
 * out unchanged; status, body and Content-Type come back unchanged (a route no node knows gets the
 * Lavalink's own 404).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { PLUGIN_METHODS, validatePluginPath, type PluginMethod } from "../../../common/src/plugin-route";
import { callPlugin } from "../plugins/plugin-calls";
import { API_VERSION_HEADER, MAX_BODY_BYTES } from "./http-io";
import { LavalinkHttpError } from "./lavalink-http-error";
import type { RestRequest } from "./rest-types";

const SCOPED = /^\/v4\/sessions\/([^/]+)\/players\/([^/]+)(\/.+)$/;
const GUILD = /^-?\d{1,19}$/;

async function readRaw(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new LavalinkHttpError(413, "Request body too large");
    chunks.push(chunk as Buffer);
  }
  return size === 0 ? undefined : Buffer.concat(chunks);
}

/** A URL-decoded path segment. @throws LavalinkHttpError 400 for a malformed escape. */
function decodeSegment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new LavalinkHttpError(400, `Invalid percent-encoding in path segment "${raw.slice(0, 40)}"`);
  }
}

/** True when `pathname` is a candidate plugin route (below `/v4/`). */
export function isPluginPath(pathname: string): boolean {
  return pathname.startsWith("/v4/") && !pathname.includes("/../") && !pathname.endsWith("/..");
}

/**
 * Forwards one plugin request and writes Lavalink's answer to `res`.
 * @throws LavalinkHttpError (404 session or player unknown, 405 method, 413 body) and routing errors.
 */
export async function forwardPluginRoute(r: RestRequest, res: ServerResponse, pathname: string, rawQuery: string): Promise<void> {
  const method = (r.req.method ?? "GET").toUpperCase();
  if (!(PLUGIN_METHODS as readonly string[]).includes(method)) throw new LavalinkHttpError(405, `Request method '${method}' is not supported`);
  const raw = await readRaw(r.req);
  const body = raw ? { data: raw, contentType: String(r.req.headers["content-type"] ?? "") } : undefined;
  const m = SCOPED.exec(pathname);
  let guildId: string | undefined;
  let path: string;
  if (m) {
    const sessionId = decodeSegment(m[1]!);
    guildId = decodeSegment(m[2]!);
    await r.sessions.requireOpen(sessionId);
    if (!GUILD.test(guildId)) throw new LavalinkHttpError(400, `Failed to convert value of type 'java.lang.String' to required type 'long'; For input string: "${guildId}"`);
    if (!(await r.sessions.ownsGuild(sessionId, guildId))) throw new LavalinkHttpError(404, "Player not found");
    path = m[3]!;
  } else {
    path = pathname.slice("/v4".length);
  }
  try {
    validatePluginPath(path, m ? "player" : "global");
  } catch {
    // Core-route lookalikes (`/v4/sessions/x/other`) and odd paths are not forwarded: Lavalink's 404.
    throw new LavalinkHttpError(404, "Not Found");
  }
  const answer = await callPlugin(r.ctx, { method: method as PluginMethod, path, query: rawQuery, guildId, body }, r.signal);
  const headers: Record<string, string | number> = { "Content-Length": answer.body.length, [API_VERSION_HEADER[0]]: API_VERSION_HEADER[1] };
  if (answer.contentType) headers["Content-Type"] = answer.contentType;
  res.writeHead(answer.status, headers);
  res.end(answer.body);
}
