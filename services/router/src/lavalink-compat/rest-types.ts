/** Shapes shared by the Lavalink REST handlers. */
import type { IncomingMessage } from "node:http";
import type { RouterContext } from "../rpc/router-context";
import type { SessionManager } from "./session-manager";

/** One REST request as the handlers see it. */
export interface RestRequest {
  req: IncomingMessage;
  query: URLSearchParams;
  ctx: RouterContext;
  sessions: SessionManager;
  signal: AbortSignal;
}

/** A handler's answer: JSON, plain text, or no body. */
export interface RestResult {
  status: number;
  json?: unknown;
  text?: string;
}
