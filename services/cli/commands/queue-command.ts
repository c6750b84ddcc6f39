/** `pyro queue <guild>`: the now-playing entry and the upcoming entries of a guild's queue. */
import { GetQueueResponse, repeatModeToJSON, type QueueEntry } from "../../../gen/ts/pyro/router/v1/queue";
import { OPERATOR_COMMON_OPTIONS, parseOperatorArgs } from "../operator-args";
import { connectRouter, toJsonLine, type CommandIo } from "../operator-io";
import { enumLabel, formatDurationMs, formatTable } from "../format-table";

/** Usage line. */
export const QUEUE_USAGE = "pyro queue <guild> [--limit 20] [--json]";

const OPTIONS = {
  ...OPERATOR_COMMON_OPTIONS,
  limit: { flag: "limit", kind: "int", min: 1, max: 1000, default: 20, doc: "upcoming entries to show" },
} as const;

function describe(e: QueueEntry | undefined): string {
  const i = e?.track?.info;
  return i ? `${i.title} - ${i.author} (${formatDurationMs(i.lengthMs)})` : "-";
}

/** Shows the queue. @throws PyroClientError from GetQueue. */
export async function runQueue(argv: string[], env: Record<string, string | undefined>, io: CommandIo): Promise<void> {
  const { positionals: [guildId], options: o } = parseOperatorArgs(OPTIONS, ["guild"], argv, env);
  const client = connectRouter(o);
  try {
    const q = await client.getQueue({ guildId: guildId!, offset: 0, limit: o.limit, historyLimit: 0 }, { signal: io.signal });
    if (o.json) return io.out(toJsonLine(GetQueueResponse.toJSON(q)));
    io.out(`now playing: ${describe(q.nowPlaying)}`);
    io.out(`repeat: ${enumLabel(repeatModeToJSON(q.repeatMode), "REPEAT_MODE_")}  upcoming: ${q.upcomingLength}  version: ${q.version}`);
    io.out(formatTable(["#", "TRACK", "ENTRY"], q.upcoming.map((e, i) => [String(q.offset + i), describe(e), e.entryId])));
  } finally {
    client.close();
  }
}
