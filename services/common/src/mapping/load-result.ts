/** Lavalink `GET /v4/loadtracks` result (`loadType` + `data`) ⇄ pyro.lavalink.v1.LoadResult. */
import type { LoadResult as LoadResultProto } from "../../../../gen/ts/pyro/lavalink/v1/load";
import { exceptionFromProto, exceptionToProto } from "./exception";
import type { LoadResult } from "../lavalink-protocol";
import { copyJsonObject } from "./json-object";
import { trackFromProto, trackToProto } from "./track";

/**
 * Converts a load result to proto: `track` → track, `playlist` → playlist (info, pluginInfo, tracks),
 * `search` → search (possibly no tracks), `empty` (data `null`, or `{}` per the docs) → empty,
 * `error` → error (the Exception object).
 */
export function loadResultToProto(result: LoadResult): LoadResultProto {
  switch (result.loadType) {
    case "track":
      return { result: { $case: "track", value: trackToProto(result.data) } };
    case "playlist": {
      const { info, pluginInfo, tracks } = result.data;
      return { result: { $case: "playlist", value: {
        info: { name: info.name, selectedTrack: info.selectedTrack },
        pluginInfo: copyJsonObject(pluginInfo),
        tracks: tracks.map(trackToProto),
      } } };
    }
    case "search":
      return { result: { $case: "search", value: { tracks: result.data.map(trackToProto) } } };
    case "empty":
      return { result: { $case: "empty", value: {} } };
    case "error":
      return { result: { $case: "error", value: exceptionToProto(result.data) } };
  }
}

/**
 * Converts a proto load result to Lavalink JSON. `empty` gets `data: null` (what real servers send);
 * a playlist without `info` gets `{name: "", selectedTrack: -1}`.
 * @throws TypeError when no result kind is set.
 */
export function loadResultFromProto(result: LoadResultProto): LoadResult {
  const r = result.result;
  switch (r?.$case) {
    case "track":
      return { loadType: "track", data: trackFromProto(r.value) };
    case "playlist":
      return { loadType: "playlist", data: {
        info: { name: r.value.info?.name ?? "", selectedTrack: r.value.info?.selectedTrack ?? -1 },
        pluginInfo: copyJsonObject(r.value.pluginInfo),
        tracks: r.value.tracks.map(trackFromProto),
      } };
    case "search":
      return { loadType: "search", data: r.value.tracks.map(trackFromProto) };
    case "empty":
      return { loadType: "empty", data: null };
    case "error":
      return { loadType: "error", data: exceptionFromProto(r.value) };
    default:
      throw new TypeError("LoadResult without a result kind");
  }
}
