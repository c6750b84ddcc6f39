import { LavalinkProtocolError, parseMessage, validateMessage } from "../../../services/common/src/lavalink-protocol";
import * as F from "./fixtures";

/** Parses `text`, applies `mutate` to the object and returns the protocol error's path. */
function pathOfFailure(text: string, mutate: (o: any) => void): string {
  const o = JSON.parse(text);
  mutate(o);
  try {
    validateMessage(o);
  } catch (err) {
    expect(err).toBeInstanceOf(LavalinkProtocolError);
    expect((err as LavalinkProtocolError).code).toBe("LAVALINK_PROTOCOL_ERROR");
    return (err as LavalinkProtocolError).path;
  }
  throw new Error("validation unexpectedly succeeded");
}

describe("validateMessage: known ops", () => {
  test("ready", () => {
    expect(parseMessage(F.READY)).toEqual({ op: "ready", resumed: false, sessionId: "la3kfsdf5eafe848" });
  });

  test("playerUpdate", () => {
    expect(parseMessage(F.PLAYER_UPDATE)).toEqual({
      op: "playerUpdate", guildId: "817327181659111454",
      state: { time: 1500467109, position: 60000, connected: true, ping: 50 },
    });
  });

  test("stats with frameStats, exponent-form doubles", () => {
    const m = parseMessage(F.STATS);
    if (m.op !== "stats") throw new Error(m.op);
    expect(m.frameStats).toEqual({ sent: 6000, nulled: 10, deficit: -3010 });
    expect(m.cpu.lavalinkLoad).toBeCloseTo(1.1742335424116302e-4);
    expect(m.memory.reservable).toBe(123456789);
  });

  test("stats with frameStats null (WS before any playback)", () => {
    const o = JSON.parse(F.STATS);
    o.frameStats = null;
    const m = validateMessage(o);
    expect(m.op === "stats" && m.frameStats).toBeNull();
  });

  test("TrackStartEvent carries the full track", () => {
    const m = parseMessage(F.TRACK_START);
    if (m.op !== "event" || m.type !== "TrackStartEvent") throw new Error("wrong kind");
    expect(m.track.info).toMatchObject({ identifier: "dQw4w9WgXcQ", length: 212000, isrc: null, sourceName: "youtube" });
    expect(m.track.pluginInfo).toEqual({});
  });

  test.each(["finished", "loadFailed", "stopped", "replaced", "cleanup"])("TrackEndEvent reason %s", (reason) => {
    const o = JSON.parse(F.TRACK_END);
    o.reason = reason;
    expect(validateMessage(o)).toMatchObject({ type: "TrackEndEvent", reason });
  });

  test("TrackExceptionEvent with and without causeStackTrace (4.0.x)", () => {
    expect(parseMessage(F.TRACK_EXCEPTION)).toMatchObject({
      type: "TrackExceptionEvent", exception: { message: "...", severity: "common", cause: "...", causeStackTrace: "..." },
    });
    const o = JSON.parse(F.TRACK_EXCEPTION);
    delete o.exception.causeStackTrace;
    o.exception.message = null;
    const m = validateMessage(o);
    expect(m).toMatchObject({ exception: { message: null, severity: "common" } });
    expect(m.op === "event" && m.type === "TrackExceptionEvent" && "causeStackTrace" in m.exception).toBe(false);
  });

  test("TrackStuckEvent", () => {
    expect(parseMessage(F.TRACK_STUCK)).toMatchObject({ type: "TrackStuckEvent", thresholdMs: 123456789 });
  });

  test("WebSocketClosedEvent", () => {
    expect(parseMessage(F.WS_CLOSED)).toEqual({
      op: "event", type: "WebSocketClosedEvent", guildId: "817327181659111454",
      code: 4006, reason: "Your session is no longer valid.", byRemote: true,
    });
  });

  test("tolerates unknown extra fields and 4.0.0 tracks without pluginInfo/userData/artworkUrl/isrc", () => {
    const o = JSON.parse(F.TRACK_START);
    o.extra = { nested: true };
    o.track.info.somethingNew = 1;
    delete o.track.pluginInfo;
    delete o.track.userData;
    delete o.track.info.artworkUrl;
    delete o.track.info.isrc;
    const m = validateMessage(o);
    expect(m).toMatchObject({ track: { pluginInfo: {}, userData: {}, info: { artworkUrl: null, isrc: null } } });
  });

  test("stream length Long.MAX is accepted", () => {
    const text = F.TRACK_START.replace('"length": 212000', '"length": 9223372036854775807');
    const m = parseMessage(text);
    expect(m.op === "event" && m.type === "TrackStartEvent" && m.track.info.length).toBeGreaterThan(9e18);
  });
});

describe("validateMessage: unknown traffic is reported, not thrown", () => {
  test("unknown op", () => {
    expect(parseMessage(`{"op":"pluginThing","x":1}`)).toEqual({ op: "unknown", rawOp: "pluginThing", rawType: null, payload: { op: "pluginThing", x: 1 } });
  });

  test("unknown event type", () => {
    const m = parseMessage(`{"op":"event","type":"SegmentsLoaded","guildId":"1","segments":[]}`);
    expect(m).toMatchObject({ op: "unknown", rawOp: "event", rawType: "SegmentsLoaded" });
  });
});

describe("validateMessage: malformed frames name the bad path", () => {
  test("not JSON / not an object / no op", () => {
    expect(() => parseMessage("{nope")).toThrow(LavalinkProtocolError);
    expect(pathOfFailure("[]", () => undefined)).toBe("frame");
    expect(pathOfFailure(`{"x":1}`, () => undefined)).toBe("frame.op");
    expect(pathOfFailure(`{"op":5}`, () => undefined)).toBe("frame.op");
  });

  test("string field with a number", () => {
    expect(pathOfFailure(F.READY, (o) => { o.sessionId = 5; })).toBe("ready.sessionId");
  });

  test("boolean field with a string", () => {
    expect(pathOfFailure(F.READY, (o) => { o.resumed = "false"; })).toBe("ready.resumed");
  });

  test("integer field with a fraction / a string", () => {
    expect(pathOfFailure(F.PLAYER_UPDATE, (o) => { o.state.position = 1.5; })).toBe("playerUpdate.state.position");
    expect(pathOfFailure(F.TRACK_START, (o) => { o.track.info.length = "212000"; })).toBe("event.track.info.length");
  });

  test("missing nested object and missing field", () => {
    expect(pathOfFailure(F.PLAYER_UPDATE, (o) => { delete o.state; })).toBe("playerUpdate.state");
    expect(pathOfFailure(F.STATS, (o) => { delete o.memory.free; })).toBe("stats.memory.free");
    expect(pathOfFailure(F.TRACK_END, (o) => { delete o.track; })).toBe("event.track");
  });

  test("number field with null / non-numeric", () => {
    expect(pathOfFailure(F.STATS, (o) => { o.cpu.systemLoad = null; })).toBe("stats.cpu.systemLoad");
    expect(pathOfFailure(F.STATS, (o) => { o.frameStats = { sent: 1, nulled: 2 }; })).toBe("stats.frameStats.deficit");
  });

  test("enum field with an unknown value", () => {
    expect(pathOfFailure(F.TRACK_END, (o) => { o.reason = "FINISHED"; })).toBe("event.reason");
    expect(pathOfFailure(F.TRACK_EXCEPTION, (o) => { o.exception.severity = "SEVERE"; })).toBe("event.exception.severity");
  });

  test("object-typed field with a scalar", () => {
    expect(pathOfFailure(F.TRACK_START, (o) => { o.track.userData = "x"; })).toBe("event.track.userData");
    expect(pathOfFailure(F.TRACK_START, (o) => { o.track.info = []; })).toBe("event.track.info");
  });

  test("event of a known type without guildId", () => {
    expect(pathOfFailure(F.WS_CLOSED, (o) => { delete o.guildId; })).toBe("event.guildId");
  });

  test("error message names the path and the JSON type, never the value", () => {
    const o = JSON.parse(F.READY);
    o.sessionId = { secret: "hunter2" };
    expect(() => validateMessage(o)).toThrow("Invalid Lavalink payload at ready.sessionId: expected string, got object");
  });
});
