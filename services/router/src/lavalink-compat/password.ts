/** Lavalink's password check: exact equality of the `Authorization` header, compared in constant time. */
import { createHash, timingSafeEqual } from "node:crypto";

const digest = (s: string): Buffer => createHash("sha256").update(s).digest();

/** 0 when `header` matches `password`; otherwise the REST status: 401 missing, 403 wrong. */
export function checkPassword(header: string | undefined, password: string): 0 | 401 | 403 {
  if (header === undefined) return 401;
  return timingSafeEqual(digest(header), digest(password)) ? 0 : 403;
}
