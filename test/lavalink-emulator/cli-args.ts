import type { EmulatorOptions } from "./emulator";
import { PLUGIN_IDS } from "./plugins/plugin-set";
import { QUIRK_PROFILES, type QuirkProfile } from "./quirks";

/** Result of parsing the emulator's command line: options, a request for help, or every problem found. */
export type ParsedArgs = { ok: true; options: EmulatorOptions; help?: false } | { ok: true; help: true } | { ok: false; errors: string[] };

/** What `--help` prints. */
export const EMULATOR_USAGE = `usage: npm run --silent emulator -- --port N --password PW [options]

A Lavalink v4 server for tests: no Discord, no internet, deterministic tracks.

  --port N                      port to listen on (0 picks a free one)
  --password PW                 password clients must send (Authorization header)
  --host H                      address to bind (default 127.0.0.1)
  --voice simulated|no-voice    simulated: players connect to "Discord" (default); no-voice: never connect
  --stats-interval-ms N         stats frame interval (default 60000)
  --player-update-interval-ms N playerUpdate frame interval (default 5000)
  --clock-speed X               media clock speed (2 = tracks play twice as fast)
  --disable-filter NAME         report filter NAME as unsupported (repeatable)
  --help                        this text

Identifiers: emulator:<title>[:<length_ms>] (a track), emulator-stream:<title>, emulator-playlist:<name>:<count>,
ytsearch:<words> (5 results), emulator-error:<message> (a load error). Prints "listening <url>" when ready.
`;

const NUMERIC: Record<string, "port" | "statsIntervalMs" | "playerUpdateIntervalMs" | "clockSpeed"> = {
  "--port": "port",
  "--stats-interval-ms": "statsIntervalMs",
  "--player-update-interval-ms": "playerUpdateIntervalMs",
  "--clock-speed": "clockSpeed",
};

/**
 * Parses `--port N --password PW [--host H] [--voice simulated|no-voice] [--stats-interval-ms N]
 * [--player-update-interval-ms N] [--clock-speed X] [--disable-filter NAME]... [--plugin lyrics|segment-skip|echo-filter]...
 * [--quirks strict-lavalink|nodelink]`
 * (`--flag=value` also works).
 * Reports every invalid value at once.
 */
export function parseEmulatorArgs(argv: string[]): ParsedArgs {
  if (argv.includes("--help") || argv.includes("-h")) return { ok: true, help: true };
  const options: EmulatorOptions = {};
  const errors: string[] = [];
  const args = argv.flatMap((a) => (a.startsWith("--") && a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a]));
  for (let i = 0; i < args.length; i++) {
    const flag = args[i];
    const value = args[i + 1];
    if (!flag.startsWith("--")) {
      errors.push(`unexpected argument '${flag}'`);
      continue;
    }
    if (value === undefined) {
      errors.push(`${flag} needs a value`);
      break;
    }
    i++;
    if (flag in NUMERIC) {
      const n = Number(value);
      const key = NUMERIC[flag];
      const valid = key === "port" ? Number.isInteger(n) && n >= 0 && n <= 65535 : Number.isFinite(n) && n > 0;
      if (!valid || value.trim() === "") errors.push(`${flag}: invalid value '${value}'`);
      else options[key] = n;
    } else if (flag === "--password") {
      options.password = value;
    } else if (flag === "--host") {
      options.host = value;
    } else if (flag === "--voice") {
      if (value === "simulated" || value === "no-voice") options.voice = value;
      else errors.push(`--voice: expected simulated or no-voice, got '${value}'`);
    } else if (flag === "--plugin") {
      if (PLUGIN_IDS.includes(value)) options.plugins = [...(options.plugins ?? []), value];
      else errors.push(`--plugin: expected one of ${PLUGIN_IDS.join(", ")}, got '${value}'`);
    } else if (flag === "--quirks") {
      if ((QUIRK_PROFILES as readonly string[]).includes(value)) options.quirks = value as QuirkProfile;
      else errors.push(`--quirks: expected ${QUIRK_PROFILES.join(" or ")}, got '${value}'`);
    } else if (flag === "--disable-filter") {
      options.disabledFilters = [...(options.disabledFilters ?? []), value];
    } else {
      errors.push(`unknown flag ${flag}`);
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, options };
}
