/** Node RPCs of RouterService: list, get, cordon, drain, explain placement, route planner. */
import * as grpc from "@grpc/grpc-js";
import type { ServiceImpl } from "../../../common/src/grpc/call-context";
import { InvalidArgumentError } from "../../../common/src/errors";
import type { RouterServiceService } from "../../../../gen/ts/pyro/router/v1/router_service";
import type { GetInfoResponse, GetRoutePlannerStatusResponse, GetVersionResponse } from "../../../../gen/ts/pyro/lavanode/v1/lavanode";
import { NodeNotFoundError, PreconditionError } from "../errors";
import { nodeStateFromProto, nodeToProto } from "../nodes/node-view";
import { toExplainPlacementResponse } from "../placement";
import { DEFAULT_DRAIN_MOVES, startDrain } from "../failover/drain";
import type { RouterContext } from "./router-context";
import { needsOf } from "../placement/needs";

type Impl = ServiceImpl<typeof RouterServiceService>;

/** Calls a unary Lavanode method and resolves with its response (errors pass through as statuses). */
function unary<Res>(fn: (md: grpc.Metadata, o: grpc.CallOptions, cb: (e: grpc.ServiceError | null, r: Res) => void) => unknown): Promise<Res> {
  return new Promise((resolve, reject) => fn(new grpc.Metadata(), { deadline: Date.now() + 15000 }, (e, r) => (e ? reject(e) : resolve(r))));
}

/** The node RPCs. */
export function createNodeRpcs(c: RouterContext): Pick<Impl, "listNodes" | "getNode" | "cordonNode" | "uncordonNode" | "drainNode" | "explainPlacement" | "getRoutePlannerStatus" | "freeRoutePlannerAddress" | "freeAllRoutePlannerAddresses"> {
  const known = (nodeId: string) => {
    if (nodeId.trim() === "") throw new InvalidArgumentError("node_id", "is required");
    const n = c.directory.get(nodeId);
    if (!n) throw new NodeNotFoundError(nodeId);
    return n;
  };
  const view = (nodeId: string) => {
    const n = known(nodeId);
    return nodeToProto(n, c.directory.usable(n));
  };
  const setState = async (nodeId: string, state: "up" | "cordoned") => {
    known(nodeId);
    await c.registry.nodes.setState(nodeId, state);
    await c.directory.refresh();
    return view(nodeId);
  };
  return {
    async listNodes(req) {
      await c.directory.refresh();
      const wanted = new Set(req.states.map((s, i) => {
        const st = nodeStateFromProto(s);
        if (!st) throw new InvalidArgumentError(`states[${i}]`, "must not be NODE_STATE_UNSPECIFIED");
        return s;
      }));
      const nodes = c.directory.list().map((n) => nodeToProto(n, c.directory.usable(n)));
      return { nodes: wanted.size ? nodes.filter((n) => wanted.has(n.state)) : nodes };
    },
    async getNode(req) {
      const n = known(req.nodeId);
      const node = nodeToProto(n, c.directory.usable(n));
      const link = c.directory.usable(n) ? n.link : undefined;
      if (!link) return { node, info: undefined, version: "", routePlanner: undefined, routePlannerEnabled: false };
      const [info, version, planner] = await Promise.all([
        unary<GetInfoResponse>((md, o, cb) => link.client.getInfo({}, md, o, cb)),
        unary<GetVersionResponse>((md, o, cb) => link.client.getVersion({}, md, o, cb)),
        unary<GetRoutePlannerStatusResponse>((md, o, cb) => link.client.getRoutePlannerStatus({}, md, o, cb)),
      ]);
      return { node, info: info.info, version: version.version, routePlanner: planner.status, routePlannerEnabled: planner.status !== undefined };
    },
    async cordonNode(req) {
      return { node: await setState(req.nodeId, "cordoned") };
    },
    async uncordonNode(req) {
      const n = known(req.nodeId);
      if (n.record.state === "down") throw new PreconditionError(`node ${req.nodeId} is down`);
      return { node: await setState(req.nodeId, "up") };
    },
    async drainNode(req) {
      const n = known(req.nodeId);
      if (n.record.state === "down") throw new PreconditionError(`node ${req.nodeId} is down; its players fail over on their own`);
      const max = req.maxConcurrentMoves ?? DEFAULT_DRAIN_MOVES;
      if (max < 1 || max > 256) throw new InvalidArgumentError("max_concurrent_moves", "must be within 1..256");
      const { total, done } = await startDrain(c, req.nodeId, max, { signal: c.lifetime });
      void done.catch((err: unknown) => c.logger.error("drain failed", { nodeId: req.nodeId, err }));
      await c.directory.refresh();
      return { node: view(req.nodeId), playersToMove: total };
    },
    async explainPlacement(req) {
      if (req.guildId !== undefined && !/^\d{15,20}$/.test(req.guildId)) throw new InvalidArgumentError("guild_id", "must be a Discord snowflake");
      const extra = { sources: req.needs?.sources ?? [], filters: req.needs?.filters ?? [] };
      for (const [field, list] of [["needs.sources", extra.sources], ["needs.filters", extra.filters]] as const) {
        if (list.length > 64) throw new InvalidArgumentError(field, "must hold at most 64 names");
        list.forEach((n, i) => {
          if (!/^[A-Za-z0-9._-]{1,100}$/.test(n)) throw new InvalidArgumentError(`${field}[${i}]`, "must be a source or filter name (letters, digits, . _ -)");
        });
      }
      // With a guild, what its player needs now (track source, plugin filters) is part of the question.
      const record = req.guildId !== undefined ? await c.registry.players.get(req.guildId) : null;
      const needs = record ? needsOf(record.state, extra) : extra;
      return toExplainPlacementResponse(c.chooser.explain(req.guildId ?? "0", req.voiceEndpoint ?? record?.voice?.endpoint, req.excludeNodeIds, req.region, needs));
    },
    async getRoutePlannerStatus(req) {
      const link = c.tracks.named(known(req.nodeId).record.nodeId);
      return { status: (await unary<GetRoutePlannerStatusResponse>((md, o, cb) => link.client.getRoutePlannerStatus({}, md, o, cb))).status };
    },
    async freeRoutePlannerAddress(req) {
      if (req.address.trim() === "") throw new InvalidArgumentError("address", "is required");
      const link = c.tracks.named(known(req.nodeId).record.nodeId);
      await unary((md, o, cb) => link.client.freeRoutePlannerAddress({ address: req.address }, md, o, cb));
      return {};
    },
    async freeAllRoutePlannerAddresses(req) {
      const link = c.tracks.named(known(req.nodeId).record.nodeId);
      await unary((md, o, cb) => link.client.freeAllRoutePlannerAddresses({}, md, o, cb));
      return {};
    },
  };
}
