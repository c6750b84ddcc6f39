import { EMULATOR_USAGE, parseEmulatorArgs } from "./cli-args";
import { startEmulator } from "./emulator";

/** Process entry: parse flags, start, print `listening <url>`, close on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  const parsed = parseEmulatorArgs(process.argv.slice(2));
  if (!parsed.ok) {
    process.stderr.write(`lavalink-emulator: ${parsed.errors.join("; ")}\n`);
    process.exit(2);
  }
  if (parsed.help) {
    process.stdout.write(EMULATOR_USAGE);
    return;
  }
  const emulator = await startEmulator(parsed.options);
  process.stdout.write(`listening ${emulator.url}\n`);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`lavalink-emulator: ${(e as Error).message}\n`);
  process.exit(1);
});
