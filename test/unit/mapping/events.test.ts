import {
  LavalinkEvent as EventCodec, PlayerUpdate as PlayerUpdateCodec, TrackEndReason,
} from "../../../gen/ts/pyro/lavalink/v1/events";
import { ExceptionSeverity } from "../../../gen/ts/pyro/lavalink/v1/exception";
import { Stats as StatsCodec } from "../../../gen/ts/pyro/lavalink/v1/stats";
import {
  eventFromProto, eventToProto, mayStartNext, playerUpdateFromProto, playerUpdateToProto, restStatsFromProto,
  statsMessageFromProto, statsToProto, trackEndReasonFromProto, type EventFrame,
} from "../../../services/common/src/mapping";
import { pluginFrameToProto } from "../../../services/common/src/mapping/events";
import type { PlayerUpdateMessage, StatsMessage } from "../../../services/common/src/lavalink-protocol";
import {
  GUILD_ID, PLAYER_UPDATE, PLUGIN_EVENT, REST_STATS, STATS_FRAME, STATS_FRAME_NO_FRAMES, TRACK_END, TRACK_EXCEPTION,
  TRACK_EXCEPTION_OLD, TRACK_START, TRACK_STUCK, WEBSOCKET_CLOSED,
} from "../../support/lavalink-json-fixtures";
import { viaWire } from "./wire";

const REASONS: [string, TrackEndReason, boolean][] = [
  ["finished", TrackEndReason.TRACK_END_REASON_FINISHED, true],
  ["loadFailed", TrackEndReason.TRACK_END_REASON_LOAD_FAILED, true],
  ["stopped", TrackEndReason.TRACK_END_REASON_STOPPED, false],
  ["replaced", TrackEndReason.TRACK_END_REASON_REPLACED, false],
  ["cleanup", TrackEndReason.TRACK_END_REASON_CLEANUP, false],
];

describe("event mapping", () => {
  it.each([
    ["TrackStartEvent", TRACK_START, "trackStart"],
    ...REASONS.map(([r]) => [`TrackEndEvent ${r}`, TRACK_END(r), "trackEnd"]),
    ["TrackExceptionEvent (4.1+)", TRACK_EXCEPTION, "trackException"],
    ["TrackExceptionEvent (4.0, null message, no stack trace)", TRACK_EXCEPTION_OLD, "trackException"],
    ["TrackStuckEvent", TRACK_STUCK, "trackStuck"],
    ["WebSocketClosedEvent", WEBSOCKET_CLOSED, "websocketClosed"],
    ["plugin event", PLUGIN_EVENT, "pluginEvent"],
  ])("round-trips %s", (_name, text, kind) => {
    const json = JSON.parse(text) as EventFrame;
    const proto = eventToProto(json);
    expect(proto.guildId).toBe(GUILD_ID);
    expect(proto.kind?.$case).toBe(kind);
    expect(eventFromProto(proto)).toStrictEqual(json);
    expect(eventFromProto(viaWire(EventCodec, proto))).toStrictEqual(json);
  });

  it.each(REASONS)("maps end reason %s and derives mayStartNext", (reason, proto, next) => {
    const e = eventToProto(JSON.parse(TRACK_END(reason)));
    expect(e.kind).toMatchObject({ $case: "trackEnd", value: { reason: proto, mayStartNext: next } });
    expect(mayStartNext(proto)).toBe(next);
  });

  it("maps the exception object, its severity and optional fields", () => {
    const e = eventToProto(JSON.parse(TRACK_EXCEPTION_OLD));
    if (e.kind?.$case !== "trackException") throw new Error("wrong kind");
    expect(e.kind.value.exception).toEqual({ severity: ExceptionSeverity.EXCEPTION_SEVERITY_FAULT, cause: "java.lang.RuntimeException: boom" });
    const n = eventToProto(JSON.parse(TRACK_EXCEPTION));
    if (n.kind?.$case !== "trackException") throw new Error("wrong kind");
    expect(n.kind.value.exception).toEqual({ message: "...", severity: ExceptionSeverity.EXCEPTION_SEVERITY_COMMON, cause: "...", causeStackTrace: "..." });
  });

  it("maps stuck threshold and voice close fields", () => {
    expect(eventToProto(JSON.parse(TRACK_STUCK)).kind).toMatchObject({ value: { thresholdMs: 123456789n } });
    expect(eventToProto(JSON.parse(WEBSOCKET_CLOSED)).kind)
      .toEqual({ $case: "websocketClosed", value: { code: 4006, reason: "Your session is no longer valid.", byRemote: true } });
  });

  it("carries a plugin event's whole frame, and tolerates a missing guildId", () => {
    const p = eventToProto(JSON.parse(PLUGIN_EVENT));
    expect(p.kind).toEqual({ $case: "pluginEvent", value: { type: "SegmentsLoaded", payload: JSON.parse(PLUGIN_EVENT), op: "event", rawJson: "" } });
    const noGuild = { op: "event" as const, type: "LyricsFound", lines: ["♪"] };
    expect(eventToProto(noGuild).guildId).toBe("");
    expect(eventFromProto(eventToProto(noGuild))).toEqual(noGuild);
  });

  it("refuses to write events no conforming node produces", () => {
    expect(() => eventFromProto({ guildId: GUILD_ID })).toThrow(TypeError);
    expect(() => trackEndReasonFromProto(TrackEndReason.TRACK_END_REASON_UNSPECIFIED)).toThrow(TypeError);
    expect(() => eventFromProto({ guildId: GUILD_ID, kind: { $case: "trackStart", value: {} } })).toThrow(/without a track/);
  });
});

describe("playerUpdate mapping", () => {
  it("round-trips the docs frame", () => {
    const json = JSON.parse(PLAYER_UPDATE) as PlayerUpdateMessage;
    const proto = playerUpdateToProto(json);
    expect(proto).toEqual({ guildId: GUILD_ID, state: { time: new Date(1500467109), positionMs: 60000n, connected: true, pingMs: 50 } });
    expect(playerUpdateFromProto(viaWire(PlayerUpdateCodec, proto))).toStrictEqual(json);
    expect(() => playerUpdateFromProto({ guildId: GUILD_ID })).toThrow(TypeError);
  });
});

describe("stats mapping", () => {
  it.each([["with frame stats", STATS_FRAME], ["with frameStats null", STATS_FRAME_NO_FRAMES]])("round-trips the WS frame %s", (_n, text) => {
    const json = JSON.parse(text) as StatsMessage;
    expect(statsMessageFromProto(viaWire(StatsCodec, statsToProto(json)))).toStrictEqual(json);
  });

  it("maps byte counts and uptime to int64 and a null frameStats to absent", () => {
    const p = statsToProto(JSON.parse(STATS_FRAME_NO_FRAMES));
    expect(p.memory!.reservable).toBe(8589934592n);
    expect(p.uptimeMs).toBe(1000n);
    expect(p.frameStats).toBeUndefined();
    expect(statsToProto(JSON.parse(STATS_FRAME)).frameStats).toEqual({ sent: 6000, nulled: 10, deficit: -3010 });
    expect(statsToProto(JSON.parse(STATS_FRAME)).cpu!.lavalinkLoad).toBe(1.1742335424116302e-4);
  });

  it("round-trips GET /v4/stats without inventing a frameStats key", () => {
    const json = JSON.parse(REST_STATS);
    const back = restStatsFromProto(viaWire(StatsCodec, statsToProto(json)));
    expect(back).toStrictEqual(json);
    expect("frameStats" in back).toBe(false);
  });
});

describe("plugin frames", () => {
  it("keeps a plugin frame's exact text and op; a non-event op has no type", () => {
    const raw = '{"op":"pluginHello","guildId":"817327181659111454","n":1.0}';
    const p = pluginFrameToProto(JSON.parse(raw), raw);
    expect(p).toMatchObject({ guildId: "817327181659111454", kind: { $case: "pluginEvent", value: { type: "", op: "pluginHello", rawJson: raw } } });
    const ev = '{"op":"event","type":"LyricsLineEvent","guildId":"1"}';
    expect(pluginFrameToProto(JSON.parse(ev), ev).kind).toMatchObject({ value: { type: "LyricsLineEvent", op: "event" } });
  });
});
