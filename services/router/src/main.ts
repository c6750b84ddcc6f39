/**
 * `pyro router`: wires config, telemetry and the Router app, then waits for SIGTERM.
 * The app module is required only after telemetry started, so instrumentation can patch grpc-js.
 */
import { createLogger } from "../../common/src/logger";
import { startTelemetry } from "../../common/src/telemetry";
import { loadTelemetryOptions } from "../../common/src/config/telemetry-config";
import { onShutdownSignal } from "../../common/src/process-lifecycle";
import { loadRouterConfig, ROUTER_HELP } from "./config";

/** Runs the Router until a shutdown signal. @throws ConfigError on bad flags. */
export async function run(argv: string[]): Promise<void> {
  if (argv.includes("--help")) {
    process.stdout.write(ROUTER_HELP);
    return;
  }
  const config = loadRouterConfig(argv, process.env);
  const telemetry = await startTelemetry(loadTelemetryOptions("pyro-router", config, process.env, config.routerId));
  const logger = createLogger({ level: config.logLevel as "info", format: config.logFormat as "json", fields: { service: "router" } });
  const { startRouter } = require("./router-app") as typeof import("./router-app");
  const app = await startRouter(config, logger);
  telemetry.http?.addHandler(app.clusterPage);
  logger.info("router listening", { port: app.port, host: config.grpcHost, auth: config.authToken !== undefined, telemetry: telemetry.enabled, tracing: telemetry.tracing });
  // SIGHUP re-reads --auth-token-file (it is also re-read when it changes on disk).
  process.on("SIGHUP", () => void app.reloadAuth());
  onShutdownSignal(logger, async () => {
    await app.stop();
    await telemetry.shutdown();
  });
}
