/** Lavalink `GET /v4/info` JSON ⇄ pyro.lavalink.v1.Info (with Version, Git, Plugin). */
import type { Info, Version } from "../../../../gen/ts/pyro/lavalink/v1/info";
import { dateToEpochMs, epochMsToDate } from "./epoch-ms";
import type { LavalinkInfo } from "../lavalink-protocol";

/** Lavalink `version` object. */
export type VersionJson = LavalinkInfo["version"];

/**
 * Converts Lavalink's `version` object to proto. `preRelease` `""` (what release builds send) or `null`
 * becomes absent; `build`, never sent by real servers, is kept when it is a non-empty string.
 */
export function versionToProto(version: VersionJson): Version {
  const out: Version = { semver: version.semver, major: version.major, minor: version.minor, patch: version.patch };
  if (version.preRelease) out.preRelease = version.preRelease;
  if (version.build) out.build = version.build;
  return out;
}

/** Converts a proto Version to Lavalink's `version` object: absent `preRelease` → `null`; `build` only when set. */
export function versionFromProto(version: Version): VersionJson {
  const out: VersionJson = {
    semver: version.semver, major: version.major, minor: version.minor, patch: version.patch,
    preRelease: version.preRelease ?? null,
  };
  if (version.build !== undefined) out.build = version.build;
  return out;
}

/**
 * Converts a `GET /v4/info` body to proto. `buildTime: -1` (unknown) becomes an absent build_time;
 * `git.commitTime` (ms) becomes a Timestamp. List order is kept.
 */
export function infoToProto(info: LavalinkInfo): Info {
  const out: Info = {
    version: versionToProto(info.version),
    git: { branch: info.git.branch, commit: info.git.commit, commitTime: epochMsToDate(info.git.commitTime) },
    jvm: info.jvm,
    lavaplayer: info.lavaplayer,
    sourceManagers: [...info.sourceManagers],
    filters: [...info.filters],
    plugins: info.plugins.map((p) => ({ name: p.name, version: p.version })),
  };
  if (info.buildTime !== -1) out.buildTime = epochMsToDate(info.buildTime);
  return out;
}

/**
 * Converts a proto Info back to the `GET /v4/info` body: absent build_time → `-1`, absent version/git
 * → zero values. A release's `preRelease` comes back as `null` (Lavalink sends `""`; clients treat
 * both alike).
 */
export function infoFromProto(info: Info): LavalinkInfo {
  return {
    version: info.version === undefined
      ? { semver: "", major: 0, minor: 0, patch: 0, preRelease: null }
      : versionFromProto(info.version),
    buildTime: dateToEpochMs(info.buildTime, -1),
    git: { branch: info.git?.branch ?? "", commit: info.git?.commit ?? "", commitTime: dateToEpochMs(info.git?.commitTime) },
    jvm: info.jvm,
    lavaplayer: info.lavaplayer,
    sourceManagers: [...info.sourceManagers],
    filters: [...info.filters],
    plugins: info.plugins.map((p) => ({ name: p.name, version: p.version })),
  };
}
