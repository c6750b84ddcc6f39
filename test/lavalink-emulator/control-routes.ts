import type { IncomingMessage, ServerResponse } from "node:http";
import { HttpError } from "./errors";
import { FaultControl, RawFrame } from "./faults";
import { readBody, sendEmpty, sendError, sendJson } from "./http-io";
import { isJsonObject, JsonObject } from "./json";
import { asInt, expectObject, optInt, optNumber, optString } from "./json-input";
import { RoutePlannerClass } from "./route-planner";
import { StatsOverrides } from "./stats";

/** Path prefix of the control API; cannot clash with Lavalink's routes. */
export const CONTROL_PREFIX = "/_emulator/";

const SEVERITIES = ["common", "suspicious", "fault"] as const;
const PLANNERS: RoutePlannerClass[] = ["RotatingIpRoutePlanner", "NanoIpRoutePlanner", "RotatingNanoIpRoutePlanner", "BalancingIpRoutePlanner"];

function parseBody(raw: string): JsonObject {
  if (raw.trim() === "") return {};
  try {
    return expectObject(JSON.parse(raw), "body");
  } catch (e) {
    throw e instanceof HttpError ? e : new HttpError(400, `JSON parse error: ${(e as Error).message}`);
  }
}

function requiredTrack(body: JsonObject): string {
  const track = optString(body, "track", "body");
  if (!track) throw new HttpError(400, "field 'track' (encoded track or identifier) is required");
  return track;
}

function parseStats(body: JsonObject): StatsOverrides {
  const out: StatsOverrides = {};
  if (body.cpu !== undefined) {
    const cpu = expectObject(body.cpu, "body.cpu");
    out.cpu = { cores: optInt(cpu, "cores", "body.cpu"), systemLoad: optNumber(cpu, "systemLoad", "body.cpu"), lavalinkLoad: optNumber(cpu, "lavalinkLoad", "body.cpu") };
  }
  if (body.frameStats === null) out.frameStats = null;
  else if (body.frameStats !== undefined) {
    const f = expectObject(body.frameStats, "body.frameStats");
    out.frameStats = { sent: asInt(f.sent ?? 0, "body.frameStats.sent"), nulled: asInt(f.nulled ?? 0, "body.frameStats.nulled"), deficit: asInt(f.deficit ?? 0, "body.frameStats.deficit") };
  }
  out.players = optInt(body, "players", "body");
  out.playingPlayers = optInt(body, "playingPlayers", "body");
  return out;
}

/** Largest number of frames one `sendRawFrames` call accepts. */
const MAX_RAW_FRAMES = 10000;

/** `frames`: strings (text frames) or `{ binary: <base64> }` (binary frames). */
function parseRawFrames(body: JsonObject): RawFrame[] {
  const frames = body.frames;
  if (!Array.isArray(frames) || frames.length === 0) throw new HttpError(400, "field 'frames' must be a non-empty array");
  if (frames.length > MAX_RAW_FRAMES) throw new HttpError(400, `field 'frames' holds at most ${MAX_RAW_FRAMES} frames`);
  return frames.map((f: unknown, i) => {
    if (typeof f === "string") return f;
    if (isJsonObject(f) && typeof f.binary === "string") return Buffer.from(f.binary, "base64");
    throw new HttpError(400, `field 'frames[${i}]' must be a string or {"binary": "<base64>"}`);
  });
}

function sendRawFrames(c: FaultControl, b: JsonObject): void {
  const sessionId = optString(b, "sessionId", "body");
  const reached = c.sendRawFrames(parseRawFrames(b), { sessionId });
  if (reached === 0) throw new HttpError(404, sessionId === undefined ? "No open session" : `Session not found or not open: ${sessionId}`);
}

type Action = (control: FaultControl, body: JsonObject) => Promise<unknown> | unknown;

const ACTIONS: Record<string, Action> = {
  kill: (c, b) => c.kill({ reviveAfterMs: optInt(b, "reviveAfterMs", "body") }),
  revive: (c) => c.revive(),
  freeze: (c) => c.freeze(),
  unfreeze: (c) => c.unfreeze(),
  dropWebSocket: (c) => c.dropWebSocket(),
  sendRawFrames,
  failNextRest: (c, b) => c.failNextRest(optInt(b, "count", "body") ?? 1, optInt(b, "status", "body") ?? 500),
  failTrack: (c, b) => {
    const severity = optString(b, "severity", "body");
    if (severity !== undefined && !(SEVERITIES as readonly string[]).includes(severity)) throw new HttpError(400, "severity must be common, suspicious or fault");
    c.failTrack(requiredTrack(b), { atMs: optInt(b, "atMs", "body", 64), message: optString(b, "message", "body"), severity: severity as (typeof SEVERITIES)[number] | undefined });
  },
  stickTrack: (c, b) => c.stickTrack(requiredTrack(b), { atMs: optInt(b, "atMs", "body", 64) }),
  clearTrackFaults: (c) => c.clearTrackFaults(),
  setStats: (c, b) => c.setStats(parseStats(b)),
  setClockSpeed: (c, b) => {
    const speed = optNumber(b, "speed", "body");
    if (speed === undefined || speed <= 0) throw new HttpError(400, "field 'speed' must be a positive number");
    c.setClockSpeed(speed);
  },
  setRoutePlanner: (c, b) => {
    const cls = optString(b, "class", "body");
    if (cls === undefined) return c.setRoutePlanner(null);
    if (!PLANNERS.includes(cls as RoutePlannerClass)) throw new HttpError(400, `class must be one of ${PLANNERS.join(", ")}`);
    c.setRoutePlanner({ class: cls as RoutePlannerClass });
  },
};

/**
 * Serves `/_emulator/<action>` (POST, JSON body optional; 204 on success) and `GET /_emulator/state`.
 * Auth is checked by the caller. Never throws.
 */
export async function handleControl(control: FaultControl, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const name = url.pathname.slice(CONTROL_PREFIX.length);
  try {
    if (name === "state") {
      if (req.method !== "GET") throw new HttpError(405, `Request method '${req.method}' is not supported`);
      return sendJson(res, 200, control.state());
    }
    const action = Object.prototype.hasOwnProperty.call(ACTIONS, name) ? ACTIONS[name] : undefined;
    if (!action) throw new HttpError(404, `Unknown control action '${name}'`);
    if (req.method !== "POST") throw new HttpError(405, `Request method '${req.method}' is not supported`);
    const body = parseBody(await readBody(req));
    if (!isJsonObject(body)) throw new HttpError(400, "body must be an object");
    // Answer before killing, so the caller gets its 204 over the connection about to be dropped.
    if (name === "kill") {
      const reviveAfterMs = optInt(body, "reviveAfterMs", "body");
      const flushed = new Promise((resolve) => res.once("finish", resolve));
      sendEmpty(res, 204);
      await flushed;
      await control.kill({ reviveAfterMs });
      return;
    }
    await action(control, body);
    sendEmpty(res, 204);
  } catch (e) {
    if (!res.headersSent) sendError(res, e, url.pathname, url.searchParams);
  }
}
