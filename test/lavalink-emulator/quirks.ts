/**
 * Quirk profiles: how a Lavalink-compatible server other than Lavalink shapes its payloads, so every
 * deviation Pyro must tolerate (or refuse) stays tested. `strict-lavalink` (default) is Lavalink
 * itself. `nodelink` reproduces NodeLink 3.7 as observed:
 * - `/v4/info`: `version.build` and `version.prerelease` are arrays, `version.preRelease` is absent;
 * - `stats` (REST and WebSocket): `cpu.nodelinkLoad` instead of `cpu.lavalinkLoad`;
 * - Player objects echo filters nested, `"filters": {"filters": {…}}`;
 * - a load with a search prefix of a source it lacks (`bcsearch:`, bandcamp) answers 500
 *   "Source or search alias not found for: bcsearch" where Lavalink would search.
 */
import type { JsonObject } from "./json";

/** The quirk profiles the emulator can play. */
export type QuirkProfile = "strict-lavalink" | "nodelink";

/** Every profile name, for flag parsing. */
export const QUIRK_PROFILES: readonly QuirkProfile[] = ["strict-lavalink", "nodelink"];

/** `/v4/info` as the profile sends it. */
export function shapeInfo(profile: QuirkProfile, info: JsonObject): JsonObject {
  if (profile === "strict-lavalink") return info;
  const version = { ...(info.version as JsonObject) };
  const semver = String(version.semver);
  delete version.preRelease;
  return { ...info, version: { ...version, build: ["nodelink", semver], prerelease: ["rc", 1] } };
}

/** A stats payload (REST body or WS frame) as the profile sends it. */
export function shapeStats(profile: QuirkProfile, stats: JsonObject): JsonObject {
  if (profile === "strict-lavalink") return stats;
  const { lavalinkLoad, ...cpu } = stats.cpu as JsonObject;
  return { ...stats, cpu: { ...cpu, nodelinkLoad: lavalinkLoad ?? 0 } };
}

/** A Player object as the profile echoes it. */
export function shapePlayer(profile: QuirkProfile, player: JsonObject): JsonObject {
  if (profile === "strict-lavalink") return player;
  return { ...player, filters: { filters: player.filters ?? {} } };
}

/** Search prefixes of sources the `nodelink` profile lacks. */
const NODELINK_MISSING_SEARCH = new Set(["bcsearch"]);

/** The profile's error for a load (an HTTP status and message), or undefined when it loads normally. */
export function loadError(profile: QuirkProfile, identifier: string): { status: number; message: string } | undefined {
  if (profile === "strict-lavalink") return undefined;
  const prefix = /^([a-z]+search):/.exec(identifier)?.[1];
  return prefix && NODELINK_MISSING_SEARCH.has(prefix) ? { status: 500, message: `Source or search alias not found for: ${prefix}` } : undefined;
}
