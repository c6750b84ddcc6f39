/**
 * Low-level HTTP transport of the REST client: one keep-alive agent per Lavalink, every request bounded by
 * its own timeout and by the caller's signal, both timers/listeners cleared when the request settles.
 * Uses node:http(s) directly: lower per-call overhead than fetch, and the agent keeps sockets warm.
 */
import * as http from "node:http";
import * as https from "node:https";
import { LavalinkTimeoutError, LavalinkUnavailableError } from "../../../common/src/lavalink-protocol/errors";

/** HTTP methods used by the Lavalink v4 REST API. */
export type RestMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** Options of {@link createRestTransport}. */
export interface RestTransportOptions {
  /** Lavalink base URL, e.g. `http://127.0.0.1:2333` (a path prefix is kept). */
  baseUrl: string;
  /** Lavalink password, sent verbatim in `Authorization`; never put in errors. */
  password: string;
  /** `User-Agent` header. */
  userAgent: string;
  /** Default per-request timeout in ms (covers connect, headers and the whole body). */
  timeoutMs: number;
}

/** One request. `path` starts with `/`; `query` values are percent-encoded by the transport. */
export interface RestRequest {
  method: RestMethod;
  path: string;
  query?: Record<string, string>;
  /** A query string (without `?`) appended verbatim after `query`; for passthrough calls. */
  rawQuery?: string;
  body?: unknown;
  /** A body sent verbatim instead of `body` (passthrough calls); `contentType` may be "". */
  rawBody?: { data: Buffer; contentType: string };
  signal?: AbortSignal;
  /** Overrides the transport's default timeout for this call, in ms. */
  timeoutMs?: number;
}

/** A completed HTTP exchange (any status). */
export interface RestResponse { status: number; statusText: string; contentType: string; text: string }

/** Sends requests to one Lavalink; `close()` destroys the pooled sockets. */
export interface RestTransport {
  /**
   * Sends one request and buffers the response body.
   * @throws LavalinkTimeoutError after `timeoutMs`; LavalinkUnavailableError on connection failure;
   *   the caller's `signal.reason` when the caller aborts.
   */
  request(req: RestRequest): Promise<RestResponse>;
  /** Destroys idle keep-alive sockets; in-flight requests are not affected. */
  close(): void;
}

/** Builds a {@link RestTransport} with a keep-alive agent. */
export function createRestTransport(options: RestTransportOptions): RestTransport {
  const base = new URL(options.baseUrl);
  const secure = base.protocol === "https:";
  const prefix = base.pathname.replace(/\/+$/, "");
  const agentOptions = { keepAlive: true, keepAliveMsecs: 1000, maxFreeSockets: 64, scheduling: "lifo" as const };
  const agent = secure ? new https.Agent(agentOptions) : new http.Agent(agentOptions);
  const send = secure ? https.request : http.request;
  // Request options built once: a URL object per call (and Node's conversion of it) is measurable on the hot path.
  const target = { protocol: base.protocol, hostname: base.hostname.replace(/^\[(.*)\]$/, "$1"), port: base.port || (secure ? 443 : 80) };

  function request(req: RestRequest): Promise<RestResponse> {
    const operation = `${req.method} ${req.path}`;
    const timeoutMs = req.timeoutMs ?? options.timeoutMs;
    const params = req.query && Object.keys(req.query).length > 0 ? new URLSearchParams(req.query).toString() : "";
    const search = [params, req.rawQuery ?? ""].filter((q) => q !== "").join("&");
    const path = prefix + req.path + (search ? `?${search}` : "");
    const payload = req.rawBody?.data ?? (req.body === undefined ? undefined : Buffer.from(JSON.stringify(req.body)));
    const headers: http.OutgoingHttpHeaders = {
      Authorization: options.password,
      "User-Agent": options.userAgent,
      Accept: "application/json, text/plain",
    };
    if (payload) {
      const contentType = req.rawBody ? req.rawBody.contentType : "application/json";
      if (contentType) headers["Content-Type"] = contentType;
      headers["Content-Length"] = payload.length;
    }
    return new Promise<RestResponse>((resolve, reject) => {
      const signal = req.signal;
      if (signal?.aborted) return reject(signal.reason);
      let settled = false;
      let timer: NodeJS.Timeout | undefined;
      const settle = (fn: () => void): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        fn();
      };
      let r: http.ClientRequest;
      function onAbort(): void {
        settle(() => reject(signal?.reason));
        r.destroy();
      }
      timer = setTimeout(() => {
        settle(() => reject(new LavalinkTimeoutError(operation, timeoutMs)));
        r.destroy();
      }, timeoutMs);
      signal?.addEventListener("abort", onAbort, { once: true });
      const fail = (err: NodeJS.ErrnoException): void =>
        settle(() => reject(new LavalinkUnavailableError(operation, err.code ?? err.message, { cause: err })));
      const attempt = (mayRetry: boolean): void => {
        r = send({ ...target, path, method: req.method, agent, headers });
        r.on("error", (err: NodeJS.ErrnoException) => {
          // A pooled socket the server closed while idle fails before any byte of the request is processed;
          // Node's documented remedy is one retry on a fresh socket.
          if (mayRetry && !settled && r.reusedSocket && (err.code === "ECONNRESET" || err.code === "EPIPE")) return attempt(false);
          fail(err);
        });
        r.on("response", (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("error", fail);
          res.on("close", () => {
            if (!res.complete) settle(() => reject(new LavalinkUnavailableError(operation, "connection closed mid-response")));
          });
          res.on("end", () => {
            settle(() => resolve({
              status: res.statusCode ?? 0,
              statusText: res.statusMessage ?? "",
              contentType: String(res.headers["content-type"] ?? ""),
              text: Buffer.concat(chunks).toString("utf8"),
            }));
          });
        });
        r.end(payload);
      };
      attempt(true);
    });
  }

  return { request, close: () => agent.destroy() };
}
