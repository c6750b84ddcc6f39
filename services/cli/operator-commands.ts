/**
 * Operator commands of the `pyro` CLI, built on the TypeScript client (clients/ts). Each prints a
 * table (or JSON lines with --json) on stdout and diagnostics on stderr.
 *
 * Exit codes: 0 success; 1 the Router refused the request (status, error code and field are
 * printed) or the command failed (nothing to play); 2 usage error; 3 the Router (or Lavalink
 * behind it) is unavailable or the deadline passed; 130 interrupted before finishing.
 */
import { status } from "@grpc/grpc-js";
import { PyroClientError } from "../../clients/ts/src/errors";
import { ConfigError, envName } from "../common/src/config/flags";
import { OPERATOR_COMMON_OPTIONS } from "./operator-args";
import { CommandError, toJsonLine, type CommandIo } from "./operator-io";
import { NODES_USAGE, runNodes } from "./commands/nodes-command";
import { PLAYERS_USAGE, runPlayers } from "./commands/players-command";
import { PLAY_USAGE, runPlay } from "./commands/play-command";
import { QUEUE_USAGE, runQueue } from "./commands/queue-command";
import { DRAIN_USAGE, runDrain } from "./commands/drain-command";
import { WATCH_USAGE, runWatch } from "./commands/watch-command";
import { PLUGIN_USAGE, runPlugin } from "./commands/plugin-command";
import { PLAYER_VERBS, runPlayerVerb } from "./commands/player-verbs";
import { CORDON_USAGE, UNCORDON_USAGE, runCordon } from "./commands/cordon-command";
import { closest } from "./did-you-mean";
import { HEALTH_USAGE, runHealth } from "./commands/health-command";

type Runner = (argv: string[], env: Record<string, string | undefined>, io: CommandIo) => Promise<void>;

/** Every operator command: its runner and usage line. */
export const OPERATOR_COMMANDS: Readonly<Record<string, { run: Runner; usage: string }>> = {
  nodes: { run: runNodes, usage: NODES_USAGE },
  players: { run: runPlayers, usage: PLAYERS_USAGE },
  play: { run: runPlay, usage: PLAY_USAGE },
  queue: { run: runQueue, usage: QUEUE_USAGE },
  drain: { run: runDrain, usage: DRAIN_USAGE },
  watch: { run: runWatch, usage: WATCH_USAGE },
  plugin: { run: runPlugin, usage: PLUGIN_USAGE },
  cordon: { run: (a, e, io) => runCordon(true, a, e, io), usage: CORDON_USAGE },
  uncordon: { run: (a, e, io) => runCordon(false, a, e, io), usage: UNCORDON_USAGE },
  ...Object.fromEntries(Object.entries(PLAYER_VERBS).map(([verb, v]) => [verb, { run: (a: string[], e: Record<string, string | undefined>, io: CommandIo) => runPlayerVerb(verb, a, e, io), usage: v.usage }])),
  health: { run: runHealth, usage: HEALTH_USAGE },
};

/** The Router address a command line names (`--address`, PYRO_ADDRESS, or the default). */
function addressOf(argv: string[], env: Record<string, string | undefined>): string {
  const i = argv.findIndex((a) => a === "--address" || a.startsWith("--address="));
  const flag = i < 0 ? undefined : argv[i]!.includes("=") ? argv[i]!.slice("--address=".length) : argv[i + 1];
  return flag ?? env[envName("address")] ?? OPERATOR_COMMON_OPTIONS.address.default;
}

/**
 * A sentence for a Router that could not be reached (grpc-js's own text ends in internals such as
 * "Resolution note: "), or undefined when the Router answered.
 */
export function unreachableMessage(err: PyroClientError, address: string): string | undefined {
  if (err.code !== status.UNAVAILABLE || err.errorCode) return undefined;
  const d = err.details;
  const why = /ECONNREFUSED/.test(d) ? "connection refused"
    : /ENOTFOUND|EAI_AGAIN|DNS resolution failed|Name resolution/i.test(d) ? "unknown host"
    : /ETIMEDOUT|timed? ?out/i.test(d) ? "timed out"
    : /No connection established|Failed to connect|connect/i.test(d) ? "no connection" : undefined;
  return why && `cannot reach the Router at ${address} (${why}). Is \`pyro router\` or \`make run\` running?`;
}

const COMMON_HELP = Object.values(OPERATOR_COMMON_OPTIONS).map((s) => `  --${s.flag.padEnd(14)} ${s.doc}  [${envName(s.flag)}]`).join("\n");

/** Exit code of an RPC failure: 3 when Pyro could not be reached in time, 1 when it answered with an error. */
export function exitCodeOf(err: PyroClientError): number {
  return err.code === status.UNAVAILABLE || err.code === status.DEADLINE_EXCEEDED ? 3 : 1;
}

function report(err: unknown, json: boolean, io: CommandIo, address: string): number {
  if (err instanceof PyroClientError) {
    const unreachable = unreachableMessage(err, address);
    if (unreachable) {
      if (json) io.out(toJsonLine({ error: { code: "UNAVAILABLE", details: unreachable } }));
      else io.err(`pyro: ${unreachable}`);
      return 3;
    }
    const name = status[err.code] ?? String(err.code);
    if (json) io.out(toJsonLine({ error: { code: name, details: err.details, errorCode: err.errorCode || undefined, field: err.field } }));
    else io.err(`pyro: ${name}${err.errorCode && err.errorCode !== name ? ` (${err.errorCode})` : ""}: ${err.details}${err.field ? ` [field: ${err.field}]` : ""}`);
    return exitCodeOf(err);
  }
  if (err instanceof CommandError) {
    if (json) io.out(toJsonLine({ error: { code: "COMMAND_FAILED", details: err.message } }));
    else io.err(`pyro: ${err.message}`);
    return err.exitCode;
  }
  throw err;
}

/**
 * Runs `pyro <command> ...argv`. Returns the exit code; SIGINT/SIGTERM abort the command (watch
 * ends with 0, others with 130). @throws only unexpected errors (the caller prints them, exit 1).
 */
export async function runOperatorCommand(command: string, argv: string[]): Promise<number> {
  const entry = OPERATOR_COMMANDS[command];
  if (!entry) {
    const hint = closest(command, [...Object.keys(OPERATOR_COMMANDS), "router", "lavanode", "standalone"]);
    process.stderr.write(`pyro: unknown command "${command}"${hint ? `; did you mean "${hint}"?` : ""} Run \`pyro --help\`\n`);
    return 2;
  }
  if (argv.includes("--help")) {
    process.stdout.write(`usage: ${entry.usage}\n\ncommon options:\n${COMMON_HELP}\n`);
    return 0;
  }
  const interrupt = new AbortController();
  const onSignal = (): void => interrupt.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const io: CommandIo = {
    out: (line) => process.stdout.write(line + "\n"),
    err: (line) => process.stderr.write(line + "\n"),
    signal: interrupt.signal,
    ...(process.stdout.isTTY ? { progress: (line: string, done = false) => process.stdout.write(`\r\x1b[K${line}${done ? "\n" : ""}`) } : {}),
  };
  try {
    await entry.run(argv, process.env, io);
    return interrupt.signal.aborted && command !== "watch" ? 130 : 0;
  } catch (err) {
    if (err instanceof ConfigError) {
      io.err(`${err.message}\nusage: ${entry.usage}`);
      return 2;
    }
    if (interrupt.signal.aborted) return command === "watch" ? 0 : 130;
    return report(err, argv.some((a) => a === "--json" || a === "--json=true") || process.env[envName("json")] === "true", io, addressOf(argv, process.env));
  } finally {
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
  }
}
