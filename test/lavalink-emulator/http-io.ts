import type { IncomingMessage, ServerResponse } from "node:http";
import { errorBody, HttpError } from "./errors";
import { stringifyJson } from "./json";

/** Largest request body accepted (bytes); larger bodies get 413-like 400. */
export const MAX_BODY_BYTES = 8 * 1024 * 1024;

/** Headers on every HTTP response of the emulator. */
export const COMMON_HEADERS = { "Lavalink-Api-Version": "4" } as const;

/** Reads the whole request body as UTF-8. Rejects with HttpError 400 when it exceeds MAX_BODY_BYTES. */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new HttpError(400, "Request body too large"));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** Sends a JSON body (bigint-safe). */
export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const text = stringifyJson(value);
  res.writeHead(status, { ...COMMON_HEADERS, "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

/** Sends a text/plain body. */
export function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { ...COMMON_HEADERS, "Content-Type": "text/plain;charset=UTF-8", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

/** Sends a response without a body (204, or auth failures with an empty body). */
export function sendEmpty(res: ServerResponse, status: number): void {
  res.writeHead(status, { ...COMMON_HEADERS, "Content-Length": 0 });
  res.end();
}

/** Sends Lavalink's JSON error body for `error` (HttpError, or 500 for anything else). */
export function sendError(res: ServerResponse, error: unknown, path: string, query: URLSearchParams): void {
  const status = error instanceof HttpError ? error.status : 500;
  const message = error instanceof Error ? error.message : String(error);
  const stack = error instanceof Error ? error.stack : undefined;
  sendJson(res, status, errorBody(status, message, path, query, stack));
}

/**
 * Checks the `Authorization` header: missing → 401, wrong → 403 (empty bodies). Returns true when the
 * request may proceed; otherwise the response has been sent.
 */
export function checkAuth(req: IncomingMessage, res: ServerResponse, password: string): boolean {
  const given = req.headers.authorization;
  if (given === undefined) {
    sendEmpty(res, 401);
    return false;
  }
  if (given !== password) {
    sendEmpty(res, 403);
    return false;
  }
  return true;
}

/** True when the request's Content-Type is JSON (`application/json`, parameters allowed). */
export function isJsonContentType(req: IncomingMessage): boolean {
  const type = (req.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
  return type === "application/json" || (type.startsWith("application/") && type.endsWith("+json"));
}
