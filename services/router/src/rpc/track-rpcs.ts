/** Track RPCs of RouterService (cold path through any usable Lavanode, or a named one). */
import type { ServiceImpl } from "../../../common/src/grpc/call-context";
import { InvalidArgumentError } from "../../../common/src/errors";
import type { RouterServiceService } from "../../../../gen/ts/pyro/router/v1/router_service";
import { checkEncodedTrack, Problems } from "./validate";
import type { RouterContext } from "./router-context";

type Impl = ServiceImpl<typeof RouterServiceService>;

/** loadTracks, decodeTrack, decodeTracks. */
export function createTrackRpcs(c: RouterContext): Pick<Impl, "loadTracks" | "decodeTrack" | "decodeTracks"> {
  return {
    async loadTracks(req, { signal }) {
      if (req.identifier.trim() === "") throw new InvalidArgumentError("identifier", "is required");
      if (req.identifier.length > 4096) throw new InvalidArgumentError("identifier", "is longer than 4096 characters");
      const result = await c.tracks.load(req.identifier, signal, req.nodeId);
      return { result: result.result, nodeId: result.nodeId };
    },
    async decodeTrack(req, { signal }) {
      const p = new Problems();
      checkEncodedTrack(p, "encoded_track", req.encodedTrack);
      p.done();
      return { track: await c.tracks.decode(req.encodedTrack, signal) };
    },
    async decodeTracks(req, { signal }) {
      const p = new Problems();
      if (req.encodedTracks.length === 0) p.add("encoded_tracks", "must not be empty");
      if (req.encodedTracks.length > 1000) p.add("encoded_tracks", "must hold at most 1000 tracks");
      req.encodedTracks.forEach((t, i) => checkEncodedTrack(p, `encoded_tracks[${i}]`, t));
      p.done();
      return { tracks: await c.tracks.decodeMany(req.encodedTracks, signal) };
    },
  };
}
