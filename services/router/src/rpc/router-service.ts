/**
 * The RouterService implementation. RPCs that later work fills in are absent here and answer
 * UNIMPLEMENTED through the service adapter, never a fake success.
 */
import type { ServiceImpl } from "../../../common/src/grpc/call-context";
import type { RouterServiceService } from "../../../../gen/ts/pyro/router/v1/router_service";

/** Creates the RouterService implementation. */
export function createRouterService(): ServiceImpl<typeof RouterServiceService> {
  return {};
}
