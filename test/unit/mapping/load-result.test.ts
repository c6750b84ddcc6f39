import { LoadResult as LoadResultCodec } from "../../../gen/ts/pyro/lavalink/v1/load";
import { loadResultFromProto, loadResultToProto } from "../../../services/common/src/mapping";
import type { LoadResult } from "../../../services/common/src/lavalink-protocol";
import { LOAD_EMPTY, LOAD_ERROR, LOAD_PLAYLIST, LOAD_SEARCH, LOAD_SEARCH_EMPTY, LOAD_TRACK } from "../../support/lavalink-json-fixtures";
import { viaWire } from "./wire";

describe("load result mapping", () => {
  it.each([
    ["track", LOAD_TRACK, "track"],
    ["playlist (selectedTrack -1, plugin info)", LOAD_PLAYLIST, "playlist"],
    ["search", LOAD_SEARCH, "search"],
    ["search without hits", LOAD_SEARCH_EMPTY, "search"],
    ["empty (data null)", LOAD_EMPTY, "empty"],
    ["error", LOAD_ERROR, "error"],
  ])("round-trips a %s result", (_name, text, kind) => {
    const json = JSON.parse(text) as LoadResult;
    const proto = loadResultToProto(json);
    expect(proto.result?.$case).toBe(kind);
    expect(loadResultFromProto(proto)).toStrictEqual(json);
    expect(loadResultFromProto(viaWire(LoadResultCodec, proto))).toStrictEqual(json);
  });

  it("keeps the playlist info and track order", () => {
    const proto = loadResultToProto(JSON.parse(LOAD_PLAYLIST));
    if (proto.result?.$case !== "playlist") throw new Error("wrong kind");
    expect(proto.result.value.info).toEqual({ name: "Example YouTube Playlist", selectedTrack: -1 });
    expect(proto.result.value.pluginInfo).toEqual({ type: "album" });
    expect(proto.result.value.tracks.map((t) => t.info!.sourceName)).toEqual(["youtube", "http"]);
  });

  it("accepts the docs' empty form `data: {}` and writes the server's `null`", () => {
    const docsForm = JSON.parse(`{"loadType":"empty","data":{}}`) as LoadResult;
    expect(loadResultFromProto(loadResultToProto(docsForm))).toEqual({ loadType: "empty", data: null });
  });

  it("rejects a proto result without a kind", () => {
    expect(() => loadResultFromProto({})).toThrow(TypeError);
  });
});
