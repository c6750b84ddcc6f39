/**
 * LavanodeService: the Connect stream (hot path) plus unary cold paths that pass through to
 * this node's Lavalink (load, decode, info, version, stats, session, route planner).
 */
import type { ServiceImpl } from "../../../common/src/grpc/call-context";
import { InvalidArgumentError, PyroError } from "../../../common/src/errors";
import type { Logger } from "../../../common/src/logger";
import type { LavanodeServiceService } from "../../../../gen/ts/pyro/lavanode/v1/lavanode";
import { loadResultToProto } from "../../../common/src/mapping/load-result";
import { trackToProto } from "../../../common/src/mapping/track";
import { infoToProto } from "../../../common/src/mapping/info";
import { statsToProto } from "../../../common/src/mapping/stats";
import { playerToProto } from "../../../common/src/mapping/player";
import { sessionInfoToProto, sessionUpdateFromProto } from "../../../common/src/mapping/session";
import { routePlannerStatusToProto } from "../../../common/src/mapping/route-planner";
import { fromLavalinkError, NoSessionError, NodePlayerNotFoundError, withLavalinkErrors } from "../errors";
import { LavalinkRestError } from "../../../common/src/lavalink-protocol/errors";
import type { NodeRunner } from "../node/node-runner";
import { validatePluginMethod, validatePluginPath } from "../../../common/src/plugin-route";
import { createConnectHandler } from "./connect-stream";
import { nodeStatusToProto } from "./node-status-proto";
import { MAX_STRING_CHARS } from "../../../common/src/limits";

/** The route planner is not configured on this Lavalink. */
class RoutePlannerDisabledError extends PyroError {
  readonly kind = "failed_precondition";
  readonly code = "ROUTE_PLANNER_DISABLED";
  constructor() {
    super("the route planner is not enabled on this Lavalink server");
  }
}

/** Decoding: Lavalink answers 500 for bytes that are not a track; that is the caller's bad input. */
async function decoding<T>(field: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof LavalinkRestError && (err.status === 500 || err.status === 400)) throw new InvalidArgumentError(field, "is not a valid encoded track");
    throw fromLavalinkError(err);
  }
}

/** Runs a Lavalink call, translating its errors to Pyro errors. */
const lavalink = withLavalinkErrors;

function required(value: string, field: string): string {
  if (value.trim() === "") throw new InvalidArgumentError(field, "is required");
  if (value.length > MAX_STRING_CHARS) throw new InvalidArgumentError(field, `is longer than ${MAX_STRING_CHARS} characters`);
  return value;
}

/** Creates the service implementation over a running node. */
export function createLavanodeService(node: NodeRunner, logger: Logger): ServiceImpl<typeof LavanodeServiceService> {
  const rest = node.rest;
  const sessionId = (): string => {
    if (!node.status.sessionOpen || !node.status.sessionId) throw new NoSessionError(node.status.nodeId);
    return node.status.sessionId;
  };
  const routePlanner = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof LavalinkRestError && err.status === 500 && /disabled route planner/i.test(err.serverMessage)) throw new RoutePlannerDisabledError();
      throw fromLavalinkError(err);
    }
  };
  return {
    connect: createConnectHandler(node, logger),
    async loadTracks(req, { signal }) {
      const result = await lavalink(() => rest.loadTracks(required(req.identifier, "identifier"), { signal }));
      return { result: loadResultToProto(result) };
    },
    async decodeTrack(req, { signal }) {
      const track = await decoding("encoded_track", () => rest.decodeTrack(required(req.encodedTrack, "encoded_track"), { signal }));
      return { track: trackToProto(track) };
    },
    async decodeTracks(req, { signal }) {
      req.encodedTracks.forEach((t, i) => required(t, `encoded_tracks[${i}]`));
      const tracks = await decoding("encoded_tracks", () => rest.decodeTracks(req.encodedTracks, { signal }));
      return { tracks: tracks.map(trackToProto) };
    },
    async getInfo(_req, { signal }) {
      return { info: infoToProto(await lavalink(() => rest.getInfo({ signal }))) };
    },
    async getVersion(_req, { signal }) {
      return { version: await lavalink(() => rest.getVersion({ signal })) };
    },
    async getStats(_req, { signal }) {
      const stats = node.stats ?? (await lavalink(() => rest.getStats({ signal })));
      return { stats: statsToProto(stats) };
    },
    async getNodeStatus() {
      return { status: nodeStatusToProto(node.status) };
    },
    async listPlayers(_req, { signal }) {
      const players = await lavalink(() => rest.getPlayers(sessionId(), { signal }));
      return { players: players.map((p) => ({ player: playerToProto(p), epoch: BigInt(node.table.get(p.guildId)?.epoch ?? 0) })) };
    },
    async getPlayer(req, { signal }) {
      const guildId = required(req.guildId, "guild_id");
      if (!/^\d{1,20}$/.test(guildId)) throw new InvalidArgumentError("guild_id", "must be a Discord snowflake");
      try {
        const p = await rest.getPlayer(sessionId(), guildId, { signal });
        return { player: { player: playerToProto(p), epoch: BigInt(node.table.get(guildId)?.epoch ?? 0) } };
      } catch (err) {
        if (err instanceof LavalinkRestError && err.status === 404) throw new NodePlayerNotFoundError(guildId);
        throw fromLavalinkError(err);
      }
    },
    async updateSession(req, { signal }) {
      if (req.timeoutSeconds !== undefined && req.timeoutSeconds < 0) throw new InvalidArgumentError("timeout_seconds", "must be >= 0");
      const info = await lavalink(() => rest.updateSession(sessionId(), sessionUpdateFromProto(req), { signal }));
      return { session: sessionInfoToProto(info) };
    },
    async getRoutePlannerStatus(_req, { signal }) {
      const status = await routePlanner(() => rest.getRoutePlannerStatus({ signal }));
      return { status: routePlannerStatusToProto(status) };
    },
    async freeRoutePlannerAddress(req, { signal }) {
      await routePlanner(() => rest.freeRoutePlannerAddress(required(req.address, "address"), { signal }));
      return {};
    },
    async freeAllRoutePlannerAddresses(_req, { signal }) {
      await routePlanner(() => rest.freeAllRoutePlannerAddresses({ signal }));
      return {};
    },
    async callPlugin(req, { signal }) {
      const method = validatePluginMethod(req.method);
      const scoped = req.guildId !== "";
      const path = validatePluginPath(req.path, scoped ? "player" : "global");
      if (/[#\s]/.test(req.query)) throw new InvalidArgumentError("query", "must not contain '#' or spaces");
      let full = `/v4${path}`;
      if (scoped) {
        // Only the owner may touch a player's plugin state: a node that does not hold the guild refuses.
        if (!node.table.get(req.guildId)) throw new NodePlayerNotFoundError(req.guildId);
        full = `/v4/sessions/${encodeURIComponent(sessionId())}/players/${encodeURIComponent(req.guildId)}${path}`;
      }
      const body = req.body === undefined ? undefined : { data: Buffer.from(req.body), contentType: req.contentType };
      const res = await lavalink(() => rest.passthrough({ method, path: full, rawQuery: req.query, body }, { signal }));
      return { status: res.status, body: Buffer.from(res.text, "utf8"), contentType: res.contentType };
    },
  };
}
