/** Bearer-token authentication for RPC metadata. */
import type { Metadata } from "@grpc/grpc-js";
import { timingSafeEqual } from "node:crypto";
import { UnauthenticatedError } from "../errors";

/**
 * The token of `authorization: Bearer <token>`. Throws `UnauthenticatedError` when the metadata has
 * no authorization; undefined when it is not a bearer token.
 */
export function bearerToken(metadata: Metadata): string | undefined {
  const header = metadata.get("authorization")[0];
  if (typeof header !== "string") throw new UnauthenticatedError("missing authorization metadata");
  return /^Bearer\s+(.+)$/i.exec(header.trim())?.[1];
}

/**
 * Returns a check that throws `UnauthenticatedError` unless `authorization: Bearer <token>` matches.
 * The comparison is constant-time; the token never appears in an error.
 */
export function createBearerAuth(token: string): (metadata: Metadata) => void {
  const expected = Buffer.from(token);
  return (metadata) => {
    const presented = bearerToken(metadata);
    const given = Buffer.from(presented ?? "");
    if (presented === undefined || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new UnauthenticatedError("invalid bearer token");
    }
  };
}
