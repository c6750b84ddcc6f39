/**
 * `pyro` command dispatcher. Server commands (router, lavanode, standalone) are loaded lazily so
 * telemetry can start before grpc-js, http and ioredis are first required.
 */
import { ConfigError } from "../common/src/config/flags";

const SERVER_COMMANDS: Record<string, () => { run(argv: string[]): Promise<void> }> = {
  router: () => require("../router/src/main"),
  lavanode: () => require("../lavanode/src/main"),
  standalone: () => require("../standalone/src/main"),
};

const USAGE = `usage: pyro <command> [options]

servers:
  router       the public gRPC API (stateless; any number of replicas)
  lavanode     one per Lavalink server
  standalone   router + lavanodes in one process, in-memory registry

operators (talk to a router; --address host:port, --token t, --bot <bot user id>):
  nodes | players | queue <guild> | watch [guild] | health
  play <guild> <query> [--now]      queue a track (start it if idle); --now replaces the current one
  pause | resume | stop <guild>     skip <guild> [count]     volume <guild> <0..1000>
  seek <guild> <ms|90s|1:30>        filter <guild> <nightcore|vaporwave|8d|bassboost|karaoke|off>
  move <guild> [node]               cordon <node> [--reason r] | uncordon <node> | drain <node>
  plugin <METHOD> <path> [--guild <id>] [--body <json>]   a Lavalink plugin route (CallPlugin)

pyro --version prints the version.

Run \`pyro <command> --help\` for a command's options.
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === "--help" || command === "-h" || command === "help") {
    process.stdout.write(USAGE);
    return command ? 0 : 2;
  }
  if (command === "--version" || command === "-v" || command === "version") {
    process.stdout.write(`pyro ${(require("../../package.json") as { version: string }).version}\n`);
    return 0;
  }
  const server = SERVER_COMMANDS[command];
  if (server) {
    await server().run(rest);
    return 0;
  }
  const operator = require("./operator-commands") as { runOperatorCommand(cmd: string, argv: string[]): Promise<number> };
  return operator.runOperatorCommand(command, rest);
}

main(process.argv.slice(2)).then(
  (code) => { if (code !== 0) process.exitCode = code; },
  (err: unknown) => {
    if (err instanceof ConfigError) process.stderr.write(err.message + "\n");
    else process.stderr.write(`pyro: ${err instanceof Error ? err.message : String(err)}\n`);
    // Exit now: a server that failed half-way through starting may still hold timers or sockets.
    process.exit(err instanceof ConfigError ? 2 : 1);
  },
);
