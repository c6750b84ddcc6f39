/** Unary calls to one usable Lavanode for the node-level Lavalink routes (info, version, route planner). */
import * as grpc from "@grpc/grpc-js";
import type { LavanodeServiceClient } from "../../../../gen/ts/pyro/lavanode/v1/lavanode";
import type { TrackResolver } from "../players/track-resolver";

type Callback<Res> = (e: grpc.ServiceError | null, r: Res) => void;

/** Calls `fn` on a usable node's client (round-robin) with a 15 s deadline. @throws NoNodeAvailableError, gRPC errors. */
export function callAnyNode<Res>(tracks: TrackResolver, fn: (client: LavanodeServiceClient, md: grpc.Metadata, o: grpc.CallOptions, cb: Callback<Res>) => unknown): Promise<Res> {
  const link = tracks.pick();
  return new Promise((resolve, reject) => fn(link.client, new grpc.Metadata(), { deadline: Date.now() + 15000 }, (e, r) => (e ? reject(e) : resolve(r))));
}
