/**
 * Authentication of the cluster page with the Router's `--auth-token`: a browser cannot send a
 * bearer header on navigation or from EventSource, so `/?token=T` sets an HttpOnly, SameSite=Strict
 * cookie (and redirects to drop the token from the address bar). The cookie holds an HMAC of the
 * token, not the token, so it is the same on every Router replica and never reveals the token. API
 * clients may send `Authorization: Bearer T` instead. Comparisons are constant-time; the token is
 * never echoed.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { createHmac, timingSafeEqual } from "node:crypto";

/** Name of the cookie carrying the token. */
export const TOKEN_COOKIE = "pyro_token";

function same(given: string | undefined, expected: Buffer): boolean {
  if (given === undefined) return false;
  const g = Buffer.from(given);
  return g.length === expected.length && timingSafeEqual(g, expected);
}

function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/**
 * Returns a check: true when the request may proceed. Otherwise it has answered already (401, or
 * a redirect that sets the cookie). Without a token every request proceeds.
 */
export function createPageAuth(token: string | undefined): (req: IncomingMessage, res: ServerResponse, url: URL) => boolean {
  if (token === undefined) return () => true;
  const expected = Buffer.from(token);
  const cookieValue = createHmac("sha256", token).update("pyro cluster page").digest("hex");
  const expectedCookie = Buffer.from(cookieValue);
  return (req, res, url) => {
    const query = url.searchParams.get("token") ?? undefined;
    if (query !== undefined) {
      if (!same(query, expected)) {
        res.writeHead(401, { "content-type": "text/plain" }).end("invalid token\n");
        return false;
      }
      url.searchParams.delete("token");
      res.writeHead(303, {
        location: url.pathname + (url.search || ""),
        "set-cookie": `${TOKEN_COOKIE}=${cookieValue}; HttpOnly; SameSite=Strict; Path=/`,
      }).end();
      return false;
    }
    const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? "")?.[1];
    if (same(bearer, expected) || same(cookie(req, TOKEN_COOKIE), expectedCookie)) return true;
    res.writeHead(401, { "content-type": "text/plain" }).end("this Router requires its auth token: open /?token=<token>\n");
    return false;
  };
}
