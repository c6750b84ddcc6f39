/**
 * The Router's live cluster page, read-only, behind the Router's auth token:
 * - `GET /` the page (one HTML document with inline script and style: no build step);
 * - `GET /cluster/state` the current snapshot as JSON;
 * - `GET /cluster/events` server-sent events: `snapshot` at once and every `snapshotMs`, then
 *   `activity` (moves, node down/up) and `drain` (progress) as they happen.
 * A slow client misses updates (writes are skipped while its socket is congested) instead of
 * buffering without bound; the next snapshot catches it up.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { HttpHandler } from "../../../common/src/telemetry/http-surface";
import { createPageAuth } from "./page-auth";
import type { ClusterFeed, PageActivity, PageDrain } from "./cluster-feed";
import { CLUSTER_PAGE_HTML } from "./page-html";

/** Options of the page. */
export interface ClusterPageOptions {
  /** The Router's `--auth-token`; undefined leaves the page open. */
  authToken?: string;
  /** Snapshot interval of the event stream in ms; default 1000. */
  snapshotMs?: number;
}

/** A handler for the HTTP surface and a `close` that ends every open event stream. */
export interface ClusterPage {
  handler: HttpHandler;
  close(): void;
}

/** Creates the page over `feed`. */
export function createClusterPage(feed: ClusterFeed, options: ClusterPageOptions = {}): ClusterPage {
  const authorized = createPageAuth(options.authToken);
  const streams = new Set<() => void>();

  const stream = (req: IncomingMessage, res: ServerResponse): void => {
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store", connection: "keep-alive", "x-accel-buffering": "no" });
    let congested = false;
    const send = (event: string, data: unknown): void => {
      if (congested) return;
      congested = !res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    };
    res.on("drain", () => (congested = false));
    send("snapshot", feed.snapshot());
    const timer = setInterval(() => send("snapshot", feed.snapshot()), options.snapshotMs ?? 1000);
    const unsubscribe = feed.onChange((what: PageActivity | PageDrain) => send("kind" in what ? "activity" : "drain", what));
    const end = (): void => {
      clearInterval(timer);
      unsubscribe();
      streams.delete(end);
      res.end();
    };
    streams.add(end);
    req.on("close", end);
  };

  const handler: HttpHandler = (req, res) => {
    const url = new URL(req.url ?? "/", "http://page.invalid");
    const path = url.pathname;
    if (path !== "/" && path !== "/cluster/state" && path !== "/cluster/events") return false;
    if (req.method !== "GET") {
      res.writeHead(405, { allow: "GET" }).end();
      return true;
    }
    if (!authorized(req, res, url)) return true;
    if (path === "/") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store", "content-security-policy": "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'" });
      res.end(CLUSTER_PAGE_HTML);
    } else if (path === "/cluster/state") {
      res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" }).end(JSON.stringify(feed.snapshot()));
    } else stream(req, res);
    return true;
  };

  return {
    handler,
    close() {
      for (const end of [...streams]) end();
    },
  };
}
