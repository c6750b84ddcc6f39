/**
 * Minimal HTTP/1.1 client for benchmarks: node:http over a caller-owned keep-alive agent, so every
 * request reuses a warm socket and measures the server, not connection setup.
 */
import { Agent, request } from "node:http";

/** One request to 127.0.0.1. `body` is sent as JSON (a string is sent as-is). */
export interface JsonRequest {
  port: number;
  method: "GET" | "POST" | "PATCH" | "DELETE";
  path: string;
  /** `Authorization` header (Lavalink password). */
  password?: string;
  body?: unknown;
}

/** A keep-alive agent with at most `maxSockets` sockets (default 1: strictly sequential requests). */
export function createKeepAliveAgent(maxSockets = 1): Agent {
  return new Agent({ keepAlive: true, maxSockets });
}

/** Sends one request and resolves with the status and the whole body. Rejects on socket errors only. */
export function httpRequest(agent: Agent, r: JsonRequest): Promise<{ status: number; text: string }> {
  const body = r.body === undefined ? undefined : typeof r.body === "string" ? r.body : JSON.stringify(r.body);
  const headers: Record<string, string | number> = {};
  if (r.password !== undefined) headers.Authorization = r.password;
  if (body !== undefined) Object.assign(headers, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) });
  return new Promise((resolve, reject) => {
    const req = request({ agent, host: "127.0.0.1", port: r.port, path: r.path, method: r.method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}
