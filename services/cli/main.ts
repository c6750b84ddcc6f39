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

operators (talk to a router; --address host:port, --token t):
  nodes | players | play <guild> <query> | queue <guild> | drain <node> | watch [guild]
  plugin <METHOD> <path> [--guild <id>] [--body <json>]   a Lavalink plugin route (CallPlugin)

Run \`pyro <command> --help\` for a command's options.
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === "--help" || command === "-h" || command === "help") {
    process.stdout.write(USAGE);
    return command ? 0 : 2;
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
