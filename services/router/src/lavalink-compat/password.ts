/** Lavalink's password check: exact equality of the `Authorization` header, compared in constant time. */
import { createHash, timingSafeEqual } from "node:crypto";

const digest = (s: string): Buffer => createHash("sha256").update(s).digest();

/** 0 when `header` matches `password`; otherwise the REST status: 401 missing, 403 wrong. */
export function checkPassword(header: string | undefined, password: string): 0 | 401 | 403 {
  if (header === undefined) return 401;
  return timingSafeEqual(digest(header), digest(password)) ? 0 : 403;
}

/** A password check: one password (Lavalink's), or a function answering like `checkPassword`. */
export type PasswordCheck = string | ((header: string | undefined) => 0 | 401 | 403);

/** Applies `check` to the `Authorization` header: 0 accepted, 401 missing, 403 wrong. */
export function checkAuthorization(header: string | undefined, check: PasswordCheck): 0 | 401 | 403 {
  return typeof check === "string" ? checkPassword(header, check) : check(header);
}
