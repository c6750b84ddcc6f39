/**
 * Node-level routes of the virtual Lavalink: `/version` and the route planner pass through to a
 * usable node (every node of a cluster runs the same Lavalink); `/v4/info` is one node's, with
 * `plugins`, `sourceManagers` and `filters` the union over the usable nodes (Pyro routes each use
 * to a node that has it); `/v4/stats` is the aggregate of the cluster.
 */
import { infoFromProto } from "../../../common/src/mapping/info";
import { restStatsFromProto } from "../../../common/src/mapping/stats";
import { routePlannerStatusFromProto } from "../../../common/src/mapping/route-planner";
import type { GetInfoResponse, GetRoutePlannerStatusResponse, GetVersionResponse } from "../../../../gen/ts/pyro/lavanode/v1/lavanode";
import { clusterStats } from "./cluster-stats";
import { readJsonBody } from "./http-io";
import { LavalinkHttpError, routeSpecificError } from "./lavalink-http-error";
import { callAnyNode } from "./node-calls";
import type { RestRequest, RestResult } from "./rest-types";

/** GET /v4/info */
export async function info(r: RestRequest): Promise<RestResult> {
  const res = await callAnyNode<GetInfoResponse>(r.ctx.tracks, (c, md, o, cb) => c.getInfo({}, md, o, cb));
  if (!res.info) throw new LavalinkHttpError(503, "No node reported its info");
  const out = infoFromProto(res.info);
  const union = <T>(own: T[], key: (t: T) => string, more: T[]): T[] => {
    const seen = new Set(own.map(key));
    return [...own, ...more.filter((t) => !seen.has(key(t)) && seen.add(key(t)))];
  };
  for (const n of r.ctx.directory.list()) {
    const caps = r.ctx.directory.usable(n) ? n.record.capabilities : undefined;
    if (!caps) continue;
    out.plugins = union(out.plugins, (p) => p.name, caps.plugins.map((p) => ({ ...p })));
    out.sourceManagers = union(out.sourceManagers, (s) => s, caps.sourceManagers);
    out.filters = union(out.filters, (s) => s, caps.filters);
  }
  return { status: 200, json: out };
}

/** GET /version (text/plain) */
export async function version(r: RestRequest): Promise<RestResult> {
  const res = await callAnyNode<GetVersionResponse>(r.ctx.tracks, (c, md, o, cb) => c.getVersion({}, md, o, cb));
  return { status: 200, text: res.version };
}

/** GET /v4/stats: the cluster aggregate, without `frameStats`. */
export async function stats(r: RestRequest): Promise<RestResult> {
  return { status: 200, json: restStatsFromProto(clusterStats(r.ctx.directory)) };
}

/** GET /v4/routeplanner/status: 204 when disabled. */
export async function routePlannerStatus(r: RestRequest): Promise<RestResult> {
  const res = await callAnyNode<GetRoutePlannerStatusResponse>(r.ctx.tracks, (c, md, o, cb) => c.getRoutePlannerStatus({}, md, o, cb));
  const status = routePlannerStatusFromProto(res.status);
  return status === null ? { status: 204 } : { status: 200, json: status };
}

/** Runs a route planner action: 204, or Lavalink's 500 for a disabled planner. */
async function plannerCall(work: () => Promise<unknown>): Promise<RestResult> {
  try {
    await work();
    return { status: 204 };
  } catch (err) {
    throw routeSpecificError(err, "routePlanner");
  }
}

/** POST /v4/routeplanner/free/address `{address}` */
export async function freeAddress(r: RestRequest): Promise<RestResult> {
  const body = await readJsonBody(r.req) as { address?: unknown };
  if (typeof body !== "object" || body === null || typeof body.address !== "string") throw new LavalinkHttpError(400, "JSON parse error: field 'address' must be a string");
  const address = body.address;
  return plannerCall(() => callAnyNode(r.ctx.tracks, (c, md, o, cb) => c.freeRoutePlannerAddress({ address }, md, o, cb)));
}

/** POST /v4/routeplanner/free/all */
export async function freeAll(r: RestRequest): Promise<RestResult> {
  return plannerCall(() => callAnyNode(r.ctx.tracks, (c, md, o, cb) => c.freeAllRoutePlannerAddresses({}, md, o, cb)));
}
