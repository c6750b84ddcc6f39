/**
 * `pyro standalone`: a Router and one Lavanode per Lavalink server in one process, in-memory registry
 * (or Redis with --redis). With no Lavalink configured it first starts emulated Lavalink servers and
 * says so in its first log lines. Logs `standalone listening` with the Router's port when ready.
 */
import { createLogger } from "../../common/src/logger";
import { startTelemetry } from "../../common/src/telemetry";
import { loadTelemetryOptions } from "../../common/src/config/telemetry-config";
import { onShutdownSignal } from "../../common/src/process-lifecycle";
import { loadStandaloneConfig, STANDALONE_HELP } from "./config";
import type { EmulatedLavalinks } from "./emulated-lavalink";

/** Runs standalone Pyro until a shutdown signal. @throws ConfigError on bad flags. */
export async function run(argv: string[]): Promise<void> {
  if (argv.includes("--help")) {
    process.stdout.write(STANDALONE_HELP);
    return;
  }
  const config = loadStandaloneConfig(argv, process.env);
  const telemetry = await startTelemetry(loadTelemetryOptions("pyro-standalone", config, process.env, undefined));
  const logger = createLogger({ level: config.logLevel as "info", format: config.logFormat as "json", fields: { service: "standalone" } });
  let emulated: EmulatedLavalinks | undefined;
  let specs = config.lavalink;
  if (config.emulated) {
    logger.info(`no Lavalink configured: starting ${config.emulators} emulated Lavalink servers in this process (test/lavalink-emulator; no Discord, no real audio)`, { emulators: config.emulators });
    logger.info("to use real servers pass --lavalink name=http://host:2333,password (repeatable) and --user-id <bot id>, or --config pyro.yaml");
    const { startEmulatedLavalinks } = require("./emulated-lavalink") as typeof import("./emulated-lavalink");
    emulated = await startEmulatedLavalinks(config.emulators);
    specs = emulated.specs;
    logger.info("emulated Lavalink servers started", { lavalink: emulated.specs.map((s) => ({ name: s.name, url: s.url })) });
  }
  const { startStandalone } = require("./standalone-app") as typeof import("./standalone-app");
  const app = await startStandalone(config, specs, logger, { onFatal: () => process.exit(3) }).catch(async (err: unknown) => {
    await emulated?.close();
    throw err;
  });
  telemetry.http?.addHandler(app.router.clusterPage);
  if (app.notReady.length > 0) logger.warn("some nodes are not ready yet; they keep connecting", { nodes: app.notReady });
  logger.info("standalone listening", {
    port: app.port, host: config.grpcHost, pid: process.pid, registry: config.redis !== undefined ? "redis" : "memory",
    nodes: specs.map((s) => s.name), emulated: config.emulated, auth: config.authToken !== undefined, telemetry: telemetry.enabled, tracing: telemetry.tracing,
  });
  onShutdownSignal(logger, async () => {
    await app.stop();
    await emulated?.close();
    await telemetry.shutdown();
  });
}
