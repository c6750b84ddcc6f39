/**
 * Reading a resume backlog: the events a reconnecting client missed, from the guilds' event logs
 * (EventLogStore), as Events carrying their guildSequence. The log keeps the last 60 s or
 * 10,000 events per guild; a client whose cursor is older gets what is left, and can tell by the
 * gap between its cursor and the first guildSequence it receives.
 */
import type { AsyncOptions } from "../../../common/src/abort";
import type { Registry } from "../../../common/src/registry/registry";
import { forEachLimited } from "../../../common/src/for-each-limited";
import { Event } from "../../../../gen/ts/pyro/router/v1/event";

/** Guild logs read at once; a bot resuming every guild it has does not read them one by one. */
const READS_IN_FLIGHT = 32;

/** guild id → the last guildSequence the client saw. */
export type ResumeCursors = ReadonlyMap<string, bigint>;

/** The logged events after each cursor, guild by guild, oldest first within a guild. */
export async function readBacklog(registry: Registry, cursors: ResumeCursors, opts: AsyncOptions = {}): Promise<Event[]> {
  const perGuild = new Map<string, Event[]>();
  await forEachLimited([...cursors], READS_IN_FLIGHT, async ([guildId, after]) => {
    const events: Event[] = [];
    for (const entry of await registry.eventLog.readAfter(guildId, Number(after), opts)) {
      try {
        events.push({ ...Event.fromJSON(entry.payload), sequence: 0n, guildSequence: BigInt(entry.sequence) });
      } catch {
        // A log entry that no longer parses is skipped, not sent.
        continue;
      }
    }
    perGuild.set(guildId, events);
  });
  return [...cursors.keys()].flatMap((g) => perGuild.get(g) ?? []);
}
