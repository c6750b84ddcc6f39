import { HttpError } from "./errors";

/** Parses a `{guildId}` path segment as Spring parses a Long; non-numeric → 400. Returns the canonical text. */
export function parseGuildId(raw: string): string {
  const bad = (): HttpError =>
    new HttpError(400, `Failed to convert value of type 'java.lang.String' to required type 'long'; For input string: "${raw}"`);
  if (!/^[+-]?\d{1,19}$/.test(raw)) throw bad();
  const value = BigInt(raw);
  if (value > 9223372036854775807n || value < -9223372036854775808n) throw bad();
  return value.toString();
}
