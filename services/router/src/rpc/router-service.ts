/**
 * The RouterService implementation, assembled from one module per area. The queue RPCs come from
 * `queue-rpcs.ts` and are passed in as `extra` by the Router app; an RPC missing from every module
 * would answer UNIMPLEMENTED through the service adapter.
 */
import type { ServiceImpl } from "../../../common/src/grpc/call-context";
import type { RouterServiceService } from "../../../../gen/ts/pyro/router/v1/router_service";
import { createPlayerRpcs } from "./player-rpcs";
import { createTrackRpcs } from "./track-rpcs";
import { createNodeRpcs } from "./node-rpcs";
import { createEventRpcs } from "./event-rpcs";
import { createPluginRpcs } from "./plugin-rpcs";
import type { RouterContext } from "./router-context";

/** Creates the RouterService implementation over `c`. */
export function createRouterService(c: RouterContext, extra: ServiceImpl<typeof RouterServiceService> = {}): ServiceImpl<typeof RouterServiceService> {
  const unary: ServiceImpl<typeof RouterServiceService> = { ...createPlayerRpcs(c), ...createTrackRpcs(c), ...createNodeRpcs(c), ...createPluginRpcs(c), ...extra };
  return { ...unary, ...createEventRpcs(c, unary) };
}
