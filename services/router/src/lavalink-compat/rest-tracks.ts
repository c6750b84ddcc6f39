/** `/v4/loadtracks`, `/v4/decodetrack`, `/v4/decodetracks`, resolved through any usable node. */
import { loadResultFromProto } from "../../../common/src/mapping/load-result";
import { trackFromProto } from "../../../common/src/mapping/track";
import type { Track as TrackProto } from "../../../../gen/ts/pyro/lavalink/v1/track";
import { readJsonBody } from "./http-io";
import { LavalinkHttpError, routeSpecificError } from "./lavalink-http-error";
import type { RestRequest, RestResult } from "./rest-types";

/** Undecodable input is a 500 on Lavalink (the decoder throws). */
async function decodeOr500<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw routeSpecificError(err, "decode");
  }
}

/** A decoded track with the client's `encoded` string echoed verbatim. */
function echo(track: TrackProto | undefined, encoded: string): unknown {
  if (!track) throw new LavalinkHttpError(500, "Failed to decode track");
  return { ...trackFromProto(track), encoded, userData: {} };
}

/** GET /v4/loadtracks?identifier= */
export async function loadTracks(r: RestRequest): Promise<RestResult> {
  const identifier = r.query.get("identifier");
  if (identifier === null) throw new LavalinkHttpError(400, "Required request parameter 'identifier' for method parameter type String is not present");
  const { result } = await r.ctx.tracks.load(identifier, r.signal);
  return { status: 200, json: loadResultFromProto(result) };
}

/** GET /v4/decodetrack?encodedTrack= (legacy `track=`). */
export async function decodeTrack(r: RestRequest): Promise<RestResult> {
  const encoded = r.query.get("encodedTrack") ?? r.query.get("track");
  if (encoded === null || encoded === "") throw new LavalinkHttpError(400, "No track to decode provided");
  return { status: 200, json: echo(await decodeOr500(() => r.ctx.tracks.decode(encoded, r.signal)), encoded) };
}

/** POST /v4/decodetracks with a JSON array of encoded tracks. */
export async function decodeTracks(r: RestRequest): Promise<RestResult> {
  const body = await readJsonBody(r.req);
  if (!Array.isArray(body) || body.some((t) => typeof t !== "string")) throw new LavalinkHttpError(400, "JSON parse error: the body must be an array of strings");
  if (body.length === 0) throw new LavalinkHttpError(400, "No tracks to decode provided");
  const tracks = await decodeOr500(() => r.ctx.tracks.decodeMany(body as string[], r.signal));
  return { status: 200, json: tracks.map((t, i) => echo(t, body[i] as string)) };
}
