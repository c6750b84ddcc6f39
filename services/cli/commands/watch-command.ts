/** `pyro watch [guild]`: follows WatchEvents, one line per event, until Ctrl-C. */
import { Event } from "../../../gen/ts/pyro/router/v1/event";
import { OPERATOR_COMMON_OPTIONS, parseOperatorArgs } from "../operator-args";
import { connectRouter, toJsonLine, type CommandIo } from "../operator-io";
import { formatEventLine } from "../event-line";

/** Usage line. */
export const WATCH_USAGE = "pyro watch [guild] [--player-updates] [--node-events] [--json]";

const OPTIONS = {
  ...OPERATOR_COMMON_OPTIONS,
  playerUpdates: { flag: "player-updates", kind: "bool", default: false, doc: "also show player_update events (one per player per second or so)" },
  nodeEvents: { flag: "node-events", kind: "bool", doc: "show node events (stats, up, down, draining); default: on without a guild, off with one" },
} as const;

/**
 * Prints events until `io.signal` aborts (Ctrl-C), then returns normally. The stream is reopened
 * when the Router becomes unavailable (events meanwhile are not replayed). @throws PyroClientError
 * for any other stream error.
 */
export async function runWatch(argv: string[], env: Record<string, string | undefined>, io: CommandIo): Promise<void> {
  const { positionals: [guildId], options: o } = parseOperatorArgs(OPTIONS, ["guild?"], argv, env);
  const client = connectRouter(o);
  try {
    const req = { guildIds: guildId ? [guildId] : [], includeNodeEvents: o.nodeEvents ?? !guildId, excludePlayerUpdates: !o.playerUpdates };
    io.err(`watching ${guildId ? `guild ${guildId}` : "every guild"} on ${o.address}; Ctrl-C stops`);
    for await (const e of client.watch(req, { signal: io.signal })) {
      io.out(o.json ? toJsonLine(Event.toJSON(e)) : formatEventLine(e));
    }
  } finally {
    client.close();
  }
}
