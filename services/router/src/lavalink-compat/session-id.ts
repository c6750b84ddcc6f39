/** Lavalink session ids: 16 characters from `[a-z0-9]`, as a real server generates them. */
import { randomInt } from "node:crypto";

const ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

/** A fresh random session id. */
export function newSessionId(): string {
  let id = "";
  for (let i = 0; i < 16; i++) id += ALPHABET[randomInt(ALPHABET.length)];
  return id;
}
