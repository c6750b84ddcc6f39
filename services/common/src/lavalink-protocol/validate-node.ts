/**
 * Validators for node-level REST payloads: `/v4/info`, `/v4/stats` (and the stats part of the WS frame),
 * route planner status, session info and the JSON error body.
 */
import { asObject, childPath, readArray, readBoolean, readEnum, readEpochMs, readInt, readInt32, readNullableString, readNumber, readObject, readOptionalString, readString, stringItem } from "./validate-json";
import { acceptSilently, readInformationalString, readLoadFigure, type OnDeviation } from "./tolerance";
import type { FailingAddress, LavalinkErrorBody, LavalinkInfo, LavalinkStats, RoutePlannerDetailsBase, RoutePlannerStatus, SessionInfo } from "./types";

/**
 * Turns unknown JSON into {@link LavalinkInfo}; `preRelease` ""/null/absent are all accepted, and the
 * informational strings (`version.preRelease`, `version.build`) tolerate arrays and numbers (reported
 * through `onDeviation`). What Pyro acts on (`sourceManagers`, `filters`, `plugins`) stays strict.
 * @throws LavalinkProtocolError at the first bad field.
 */
export function validateInfo(value: unknown, path = "info", onDeviation: OnDeviation = acceptSilently): LavalinkInfo {
  const o = asObject(value, path);
  const v = readObject(o, "version", path);
  const vp = childPath(path, "version");
  const g = readObject(o, "git", path);
  const gp = childPath(path, "git");
  const version: LavalinkInfo["version"] = {
    semver: readString(v, "semver", vp),
    major: readInt32(v, "major", vp),
    minor: readInt32(v, "minor", vp),
    patch: readInt32(v, "patch", vp),
    preRelease: readInformationalString(v, "preRelease", vp, onDeviation),
  };
  if (v.build !== undefined) version.build = readInformationalString(v, "build", vp, onDeviation);
  return {
    version,
    buildTime: readEpochMs(o, "buildTime", path),
    git: { branch: readString(g, "branch", gp), commit: readString(g, "commit", gp), commitTime: readEpochMs(g, "commitTime", gp) },
    jvm: readString(o, "jvm", path),
    lavaplayer: readString(o, "lavaplayer", path),
    sourceManagers: readArray(o, "sourceManagers", path, stringItem),
    filters: readArray(o, "filters", path, stringItem),
    plugins: readArray(o, "plugins", path, (p, pp) => {
      const po = asObject(p, pp);
      return { name: readString(po, "name", pp), version: readString(po, "version", pp) };
    }),
  };
}

/**
 * Turns unknown JSON into {@link LavalinkStats}; an absent or null `frameStats` becomes null, and an
 * absent `cpu.lavalinkLoad` is read from `cpu.nodelinkLoad` (or 0), reported through `onDeviation`.
 * @throws LavalinkProtocolError naming e.g. `stats.cpu.systemLoad`.
 */
export function validateStats(value: unknown, path = "stats", onDeviation: OnDeviation = acceptSilently): LavalinkStats {
  const o = asObject(value, path);
  const m = readObject(o, "memory", path);
  const mp = childPath(path, "memory");
  const c = readObject(o, "cpu", path);
  const cp = childPath(path, "cpu");
  let frameStats: LavalinkStats["frameStats"] = null;
  if (o.frameStats !== undefined && o.frameStats !== null) {
    const f = readObject(o, "frameStats", path);
    const fp = childPath(path, "frameStats");
    frameStats = { sent: readInt32(f, "sent", fp), nulled: readInt32(f, "nulled", fp), deficit: readInt32(f, "deficit", fp) };
  }
  return {
    players: readInt32(o, "players", path),
    playingPlayers: readInt32(o, "playingPlayers", path),
    uptime: readInt(o, "uptime", path),
    memory: {
      free: readInt(m, "free", mp), used: readInt(m, "used", mp),
      allocated: readInt(m, "allocated", mp), reservable: readInt(m, "reservable", mp),
    },
    cpu: { cores: readInt32(c, "cores", cp), systemLoad: readNumber(c, "systemLoad", cp), lavalinkLoad: readLoadFigure(c, cp, onDeviation) ?? readNumber(c, "lavalinkLoad", cp) },
    frameStats,
  };
}

const PLANNER_CLASSES = ["RotatingIpRoutePlanner", "NanoIpRoutePlanner", "RotatingNanoIpRoutePlanner", "BalancingIpRoutePlanner"] as const;

function validateFailing(value: unknown, path: string): FailingAddress {
  const o = asObject(value, path);
  return {
    failingAddress: readString(o, "failingAddress", path),
    failingTimestamp: readEpochMs(o, "failingTimestamp", path),
    failingTime: readString(o, "failingTime", path),
  };
}

/**
 * Turns unknown JSON into a {@link RoutePlannerStatus} (the 204 "disabled" case is handled by the caller).
 * @throws LavalinkProtocolError naming e.g. `routePlanner.details.ipBlock.size`.
 */
export function validateRoutePlannerStatus(value: unknown, path = "routePlanner"): RoutePlannerStatus {
  const o = asObject(value, path);
  const cls = readEnum(o, "class", path, PLANNER_CLASSES);
  const d = readObject(o, "details", path);
  const dp = childPath(path, "details");
  const ib = readObject(d, "ipBlock", dp);
  const ibp = childPath(dp, "ipBlock");
  const base: RoutePlannerDetailsBase = {
    ipBlock: { type: readEnum(ib, "type", ibp, ["Inet4Address", "Inet6Address"] as const), size: readString(ib, "size", ibp) },
    failingAddresses: readArray(d, "failingAddresses", dp, validateFailing),
  };
  switch (cls) {
    case "RotatingIpRoutePlanner":
      return { class: cls, details: { ...base, rotateIndex: readString(d, "rotateIndex", dp), ipIndex: readString(d, "ipIndex", dp), currentAddress: readNullableString(d, "currentAddress", dp) } };
    case "NanoIpRoutePlanner":
      return { class: cls, details: { ...base, currentAddressIndex: readString(d, "currentAddressIndex", dp) } };
    case "RotatingNanoIpRoutePlanner":
      return { class: cls, details: { ...base, blockIndex: readString(d, "blockIndex", dp), currentAddressIndex: readString(d, "currentAddressIndex", dp) } };
    case "BalancingIpRoutePlanner":
      return { class: cls, details: base };
  }
}

/**
 * Turns unknown JSON into {@link SessionInfo} (`timeout` in seconds).
 * @throws LavalinkProtocolError naming e.g. `session.timeout`.
 */
export function validateSessionInfo(value: unknown, path = "session"): SessionInfo {
  const o = asObject(value, path);
  return { resuming: readBoolean(o, "resuming", path), timeout: readInt32(o, "timeout", path) };
}

/**
 * Turns unknown JSON into a {@link LavalinkErrorBody}.
 * @throws LavalinkProtocolError when a field is missing or mistyped (callers fall back to the status line).
 */
export function validateErrorBody(value: unknown, path = "error"): LavalinkErrorBody {
  const o = asObject(value, path);
  const body: LavalinkErrorBody = {
    timestamp: readEpochMs(o, "timestamp", path),
    status: readInt32(o, "status", path),
    error: readString(o, "error", path),
    message: readString(o, "message", path),
    path: readString(o, "path", path),
  };
  const trace = readOptionalString(o, "trace", path);
  if (trace !== undefined) body.trace = trace;
  return body;
}
