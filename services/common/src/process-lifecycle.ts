/** Process-level wiring shared by every `main.ts`: signals and fatal errors. */
import type { Logger } from "./logger";

/**
 * Calls `stop` once on SIGTERM or SIGINT, then exits. A second signal exits at once.
 * Returns a function that removes the handlers.
 */
export function onShutdownSignal(logger: Logger, stop: (signal: string) => Promise<void>): () => void {
  let stopping = false;
  const handler = (signal: NodeJS.Signals): void => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info("shutting down", { signal });
    stop(signal).then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error("shutdown failed", { err });
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", handler);
  process.on("SIGINT", handler);
  return () => {
    process.removeListener("SIGTERM", handler);
    process.removeListener("SIGINT", handler);
  };
}
