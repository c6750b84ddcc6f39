/** Bearer-token authentication for RPC metadata. */
import type { Metadata } from "@grpc/grpc-js";
import { timingSafeEqual } from "node:crypto";
import { UnauthenticatedError } from "../errors";

/**
 * Returns a check that throws `UnauthenticatedError` unless `authorization: Bearer <token>` matches.
 * The comparison is constant-time; the token never appears in an error.
 */
export function createBearerAuth(token: string): (metadata: Metadata) => void {
  const expected = Buffer.from(token);
  return (metadata) => {
    const header = metadata.get("authorization")[0];
    if (typeof header !== "string") throw new UnauthenticatedError("missing authorization metadata");
    const match = /^Bearer\s+(.+)$/i.exec(header.trim());
    const given = Buffer.from(match?.[1] ?? "");
    if (!match || given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new UnauthenticatedError("invalid bearer token");
    }
  };
}
