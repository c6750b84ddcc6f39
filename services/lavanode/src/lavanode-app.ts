/** Builds and starts a Lavanode: gRPC server (health, reflection, LavanodeService). */
import { createGrpcServer } from "../../common/src/grpc/server";
import type { Logger } from "../../common/src/logger";
import { LavanodeServiceService } from "../../../gen/ts/pyro/lavanode/v1/lavanode";
import type { LavanodeConfig } from "./config";

/** A running Lavanode. */
export interface LavanodeApp {
  port: number;
  stop(): Promise<void>;
}

/** Starts the Lavanode described by `config`. */
export async function startLavanode(config: LavanodeConfig, logger: Logger): Promise<LavanodeApp> {
  const grpc = createGrpcServer({ logger, meterName: "pyro-lavanode" });
  grpc.addService("pyro.lavanode.v1.LavanodeService", LavanodeServiceService, {});
  const port = await grpc.listen(config.grpcHost, config.grpcPort);
  return { port, stop: () => grpc.shutdown() };
}
