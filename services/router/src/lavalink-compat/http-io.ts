/** Small HTTP helpers of the Lavalink endpoint: headers, JSON bodies, Lavalink's error body. */
import type { IncomingMessage, ServerResponse } from "node:http";
import { LavalinkHttpError, REASON_PHRASES } from "./lavalink-http-error";
import { MAX_HTTP_BODY_BYTES, MAX_JSON_DEPTH, clampMessage, jsonDepth } from "../../../common/src/limits";

/** Largest request body accepted, in bytes (the shared limit). */
export const MAX_BODY_BYTES = MAX_HTTP_BODY_BYTES;

/**
 * The request's URL, or undefined when the request target does not parse (`GET http://[`):
 * callers answer 400, never let `new URL` throw out of a handler.
 */
export function requestUrl(req: IncomingMessage): URL | undefined {
  try {
    return new URL(req.url ?? "/", "http://lavalink");
  } catch {
    return undefined;
  }
}

/** `decodeURIComponent` that answers 400 instead of throwing URIError (`%E0%A4%A`). @throws LavalinkHttpError 400. */
export function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new LavalinkHttpError(400, "The request was rejected because the URL contains a malformed percent-encoding");
  }
}

/** Header Lavalink puts on every HTTP response, including the WebSocket upgrade. */
export const API_VERSION_HEADER: readonly [string, string] = ["Lavalink-Api-Version", "4"];

/** Writes a JSON response. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text), [API_VERSION_HEADER[0]]: API_VERSION_HEADER[1] });
  res.end(text);
}

/** Writes a bodiless response (204, or 401/403 which Lavalink sends without a body). */
export function sendEmpty(res: ServerResponse, status: number): void {
  res.writeHead(status, { "Content-Length": 0, [API_VERSION_HEADER[0]]: API_VERSION_HEADER[1] });
  res.end();
}

/** Writes a text/plain response (`GET /version`). */
export function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { "Content-Type": "text/plain", "Content-Length": Buffer.byteLength(text), [API_VERSION_HEADER[0]]: API_VERSION_HEADER[1] });
  res.end(text);
}

/**
 * Writes Lavalink's error body `{timestamp, status, error, trace?, message, path}`. `trace` is added
 * when the query has `trace` with any value but `false` (Pyro sends the error name, never a stack).
 */
export function sendError(res: ServerResponse, err: LavalinkHttpError, path: string, query: URLSearchParams): void {
  const body: Record<string, unknown> = { timestamp: Date.now(), status: err.status, error: REASON_PHRASES[err.status] ?? "Error" };
  const trace = query.get("trace");
  if (trace !== null && trace !== "false") body.trace = `${err.name}: ${err.message}`;
  body.message = clampMessage(err.message);
  body.path = path;
  sendJson(res, err.status, body);
}

/**
 * Reads a JSON request body. @throws LavalinkHttpError 415 unless the content type is JSON, 413
 * past MAX_BODY_BYTES, 400 for a missing, malformed or too deeply nested body.
 */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/json") throw new LavalinkHttpError(415, `Content-Type '${type || "application/octet-stream"}' is not supported`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new LavalinkHttpError(413, "Request body too large");
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") throw new LavalinkHttpError(400, "Required request body is missing");
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (err) {
    throw new LavalinkHttpError(400, `JSON parse error: ${(err as Error).message}`);
  }
  // The payload's own free-form parts (userData, pluginFilters) get the same depth rule below it.
  if (jsonDepth(value, MAX_JSON_DEPTH + 4) > MAX_JSON_DEPTH + 4) throw new LavalinkHttpError(400, `JSON parse error: the body is nested deeper than ${MAX_JSON_DEPTH + 4} levels`);
  return value;
}
