/**
 * `pyro lavanode`: wires config, telemetry and the Lavanode app, then waits for SIGTERM.
 */
import { createLogger } from "../../common/src/logger";
import { startTelemetry } from "../../common/src/telemetry";
import { loadTelemetryOptions } from "../../common/src/config/telemetry-config";
import { onShutdownSignal } from "../../common/src/process-lifecycle";
import { loadLavanodeConfig, LAVANODE_HELP } from "./config";

/** Runs the Lavanode until a shutdown signal. @throws ConfigError on bad flags. */
export async function run(argv: string[]): Promise<void> {
  if (argv.includes("--help")) {
    process.stdout.write(LAVANODE_HELP);
    return;
  }
  const config = loadLavanodeConfig(argv, process.env);
  const telemetry = await startTelemetry(loadTelemetryOptions("pyro-lavanode", config, process.env, config.nodeId));
  const logger = createLogger({ level: config.logLevel as "info", format: config.logFormat as "json", fields: { service: "lavanode", nodeId: config.nodeId } });
  const { startLavanode } = require("./lavanode-app") as typeof import("./lavanode-app");
  const app = await startLavanode(config, logger, { onFatal: () => process.exit(3) });
  logger.info("lavanode listening", { port: app.port, lavalink: config.lavalink, telemetry: telemetry.enabled, tracing: telemetry.tracing });
  onShutdownSignal(logger, async () => {
    await app.stop();
    await telemetry.shutdown();
  });
}
