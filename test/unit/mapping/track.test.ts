import { Track as TrackCodec } from "../../../gen/ts/pyro/lavalink/v1/track";
import {
  INT64_MAX, int64ToNumber, numberToInt64, trackFromProto, trackInfoFromProto, trackInfoToProto, trackToProto,
} from "../../../services/common/src/mapping";
import type { Track } from "../../../services/common/src/lavalink-protocol";
import { STREAM_TRACK, TRACK } from "../../support/lavalink-json-fixtures";
import { viaWire } from "./wire";

describe("track mapping", () => {
  it.each([["docs example", TRACK], ["stream with non-ASCII title and plugin data", STREAM_TRACK]])(
    "round-trips the %s (JSON → proto → wire → JSON)",
    (_name, text) => {
      const json = JSON.parse(text) as Track;
      const proto = trackToProto(json);
      expect(trackFromProto(proto)).toStrictEqual(json);
      expect(trackFromProto(viaWire(TrackCodec, proto))).toStrictEqual(json);
    },
  );

  it("maps the docs example field by field", () => {
    const proto = trackToProto(JSON.parse(TRACK) as Track);
    expect(proto.info).toEqual({
      identifier: "dQw4w9WgXcQ", isSeekable: true, author: "RickAstleyVEVO", lengthMs: 212000n, isStream: false,
      positionMs: 0n, title: "Rick Astley - Never Gonna Give You Up", uri: "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
      artworkUrl: "https://i.ytimg.com/vi/dQw4w9WgXcQ/maxresdefault.jpg", sourceName: "youtube",
    });
    expect("isrc" in proto.info!).toBe(false);
    expect(proto.pluginInfo).toEqual({});
    expect(proto.userData).toEqual({});
  });

  it("keeps a Long.MAX stream length as INT64_MAX and returns what JSON.parse gives for it", () => {
    const json = JSON.parse(STREAM_TRACK) as Track;
    const proto = trackToProto(json);
    expect(proto.info!.lengthMs).toBe(9223372036854775807n);
    expect(viaWire(TrackCodec, proto).info!.lengthMs).toBe(INT64_MAX);
    expect(trackFromProto(proto).info.length).toBe(JSON.parse("9223372036854775807"));
  });

  it("keeps non-ASCII text, null uri/artworkUrl/isrc and nested plugin/user data exactly", () => {
    const back = trackFromProto(viaWire(TrackCodec, trackToProto(JSON.parse(STREAM_TRACK) as Track)));
    expect(back.info.title).toBe("ラジオ 📻 Live — Café lôfi");
    expect(back.info.author).toBe("FM 東京");
    expect(back.info).toMatchObject({ uri: null, artworkUrl: null, isrc: null });
    expect(back.pluginInfo).toEqual({ probeInfo: "mp3", lavasrc: { albumName: "Ålbum", explicit: false, tags: ["a", 1, null] } });
    expect(back.userData).toEqual({ requester: "208274352331309056", queue: { position: 3, shuffle: true } });
  });

  it("does not alias the caller's plugin info or user data", () => {
    const json = JSON.parse(TRACK) as Track;
    const proto = trackToProto(json);
    proto.userData!.added = true;
    expect(json.userData).toEqual({});
  });

  it("fills absent proto pluginInfo/userData with {} and rejects a track without info", () => {
    const info = trackInfoToProto((JSON.parse(TRACK) as Track).info);
    expect(trackFromProto({ encoded: "x", info })).toMatchObject({ pluginInfo: {}, userData: {} });
    expect(() => trackFromProto({ encoded: "x" })).toThrow(TypeError);
    expect(trackInfoFromProto(info)).toEqual((JSON.parse(TRACK) as Track).info);
  });
});

describe("int64 conversions", () => {
  it("clamps at the int64 bounds and truncates fractions", () => {
    expect(numberToInt64(2 ** 63)).toBe(INT64_MAX);
    expect(numberToInt64(Infinity)).toBe(INT64_MAX);
    expect(numberToInt64(-(2 ** 64))).toBe(-9223372036854775808n);
    expect(numberToInt64(-1)).toBe(-1n);
    expect(numberToInt64(12.9)).toBe(12n);
    expect(() => numberToInt64(NaN)).toThrow(RangeError);
    expect(int64ToNumber(212000n)).toBe(212000);
  });
});
