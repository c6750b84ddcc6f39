import { Player as PlayerCodec } from "../../../gen/ts/pyro/lavalink/v1/player";
import {
  playerFromProto, playerStateFromProto, playerStateToProto, playerToProto, voiceStateFromProto, voiceStateToProto,
} from "../../../services/common/src/mapping";
import type { Player, PlayerState, VoiceState } from "../../../services/common/src/lavalink-protocol";
import { GUILD_ID, IDLE_PLAYER, PLAYER, STREAM_TRACK } from "../../support/lavalink-json-fixtures";
import { viaWire } from "./wire";

describe("player mapping", () => {
  it.each([["playing player", PLAYER], ["idle player without voice", IDLE_PLAYER]])("round-trips a %s", (_name, text) => {
    const json = JSON.parse(text) as Player;
    expect(playerFromProto(playerToProto(json))).toStrictEqual(json);
    expect(playerFromProto(viaWire(PlayerCodec, playerToProto(json)))).toStrictEqual(json);
  });

  it("round-trips a paused player on a stream with filters and plugin data", () => {
    const json = { ...(JSON.parse(PLAYER) as Player), track: JSON.parse(STREAM_TRACK), paused: true, volume: 1000,
      filters: JSON.parse(`{"volume": 0.5, "equalizer": [{"band": 0, "gain": 0}], "pluginFilters": {"echo": {"delay": 1}}}`) };
    expect(playerFromProto(viaWire(PlayerCodec, playerToProto(json)))).toStrictEqual(json);
  });

  it("maps the docs player to proto with a Timestamp and int64 position", () => {
    const p = playerToProto(JSON.parse(PLAYER) as Player);
    expect(p.guildId).toBe(GUILD_ID);
    expect(p.state).toEqual({ time: new Date(1500467109), positionMs: 60000n, connected: true, pingMs: 50 });
    expect(p.voice!.channelId).toBe("1045281946329251850");
    expect(p.filters!.timescale).toEqual({ speed: 1.25, pitch: 1.0, rate: 1.0 });
  });

  it("maps an idle player's null track and channel id to absent fields", () => {
    const p = playerToProto(JSON.parse(IDLE_PLAYER) as Player);
    expect(p.track).toBeUndefined();
    expect(p.voice).toEqual({ token: "", endpoint: "", sessionId: "" });
    expect(p.state!.pingMs).toBe(-1);
  });

  it("fills missing proto sub-messages with a fresh player's values", () => {
    expect(playerFromProto({ guildId: GUILD_ID, volume: 100, paused: false })).toEqual(JSON.parse(IDLE_PLAYER));
  });
});

describe("player state and voice mapping", () => {
  it("round-trips a PlayerState", () => {
    const json: PlayerState = JSON.parse(`{"time": 1700000000123, "position": 0, "connected": false, "ping": -1}`);
    expect(playerStateFromProto(playerStateToProto(json))).toStrictEqual(json);
  });

  it.each([
    ["complete 4.2 voice state", `{"token":"t","endpoint":"e.discord.media","sessionId":"s","channelId":"1045281946329251850"}`],
    ["voice state without channel id", `{"token":"","endpoint":"","sessionId":"","channelId":null}`],
  ])("round-trips a %s", (_name, text) => {
    const json = JSON.parse(text) as VoiceState;
    expect(voiceStateFromProto(voiceStateToProto(json))).toStrictEqual(json);
  });

  it("always writes the channelId key (Lavalink 4.2 rejects a voice object without it)", () => {
    expect(Object.keys(voiceStateFromProto({ token: "t", endpoint: "e", sessionId: "s" }))).toContain("channelId");
  });
});
