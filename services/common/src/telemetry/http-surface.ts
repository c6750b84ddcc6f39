/**
 * The HTTP server on `--metrics-port`: `/metrics` in the Prometheus text format, plus whatever
 * handlers a service adds (the Router's cluster page). Unknown paths are 404. `/metrics` needs no
 * authentication (Prometheus scrapes it); added handlers do their own.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";

/** Handles a request and returns true, or returns false to let the next handler (or 404) answer. */
export type HttpHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

/** A running HTTP surface. */
export interface HttpSurface {
  readonly port: number;
  /** Adds a handler tried before `/metrics`. */
  addHandler(handler: HttpHandler): void;
  close(): Promise<void>;
}

/**
 * Listens on `host:port` and serves `metrics` at `/metrics`.
 * @throws when the port cannot be bound (e.g. taken).
 */
export async function startHttpSurface(host: string, port: number, metrics: (req: IncomingMessage, res: ServerResponse) => void): Promise<HttpSurface> {
  const handlers: HttpHandler[] = [];
  const server: Server = createServer((req, res) => {
    try {
      for (const h of handlers) if (h(req, res)) return;
      if ((req.url ?? "").split("?")[0] === "/metrics" && req.method === "GET") return metrics(req, res);
      res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
    } catch {
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end("internal error\n");
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as { port: number }).port,
    addHandler: (h) => handlers.push(h),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
