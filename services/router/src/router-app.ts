/** Builds and starts a Router: gRPC server (health, reflection, RouterService). */
import { createGrpcServer } from "../../common/src/grpc/server";
import type { Logger } from "../../common/src/logger";
import { RouterServiceService } from "../../../gen/ts/pyro/router/v1/router_service";
import type { RouterConfig } from "./config";
import { createRouterService } from "./rpc/router-service";

/** A running Router. */
export interface RouterApp {
  port: number;
  stop(): Promise<void>;
}

/** Starts the Router described by `config`. */
export async function startRouter(config: RouterConfig, logger: Logger): Promise<RouterApp> {
  const tls = config.tlsCert && config.tlsKey ? { certFile: config.tlsCert, keyFile: config.tlsKey } : undefined;
  const grpc = createGrpcServer({ logger, meterName: "pyro-router", authToken: config.authToken, tls });
  grpc.addService("pyro.router.v1.RouterService", RouterServiceService, createRouterService());
  const port = await grpc.listen(config.grpcHost, config.grpcPort);
  return { port, stop: () => grpc.shutdown() };
}
