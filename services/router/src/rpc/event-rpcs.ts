/**
 * WatchEvents (server stream) and Session (bidirectional: commands in, their results and the
 * subscribed events out). Session commands run through the same handlers as the unary RPCs;
 * results and events share one bounded output queue, so a slow client gets backpressure and,
 * past the bound, RESOURCE_EXHAUSTED rather than unbounded memory.
 */
import type { CallContext, ServiceImpl, UnaryImpl } from "../../../common/src/grpc/call-context";
import { toStatus } from "../../../common/src/grpc/status-mapping";
import { InvalidArgumentError } from "../../../common/src/errors";
import { createAsyncQueue } from "../../../common/src/async-queue";
import type { RouterServiceService } from "../../../../gen/ts/pyro/router/v1/router_service";
import type { GuildCursor } from "../../../../gen/ts/pyro/router/v1/event";
import type { SessionCommand, SessionCommandResult, SessionRequest, SessionResponse } from "../../../../gen/ts/pyro/router/v1/session";
import type { SubscriberFilter } from "../events/event-hub";
import { checkSnowflake, Problems } from "./validate";
import type { RouterContext } from "./router-context";

type Impl = ServiceImpl<typeof RouterServiceService>;

function guildSet(ids: string[], field: string): Set<string> {
  const p = new Problems();
  ids.forEach((id, i) => checkSnowflake(p, `${field}[${i}]`, id));
  p.done();
  return new Set(ids);
}

/** Validates resume cursors into guild → last seen guildSequence. */
function cursorMap(cursors: GuildCursor[], field: string): Map<string, bigint> {
  const p = new Problems();
  cursors.forEach((c, i) => checkSnowflake(p, `${field}[${i}].guild_id`, c.guildId));
  p.done();
  return new Map(cursors.map((c) => [c.guildId, c.afterSequence]));
}

/** watchEvents and session; `commands` are the unary handlers the Session stream may call. */
export function createEventRpcs(c: RouterContext, commands: Impl): Pick<Impl, "watchEvents" | "session"> {
  const runCommand = async (cmd: SessionCommand, ctx: CallContext): Promise<SessionCommandResult> => {
    const which = cmd.command;
    try {
      if (!which) throw new InvalidArgumentError("command", "is required");
      const handler = commands[which.$case] as UnaryImpl<unknown, unknown> | undefined;
      if (!handler) throw new InvalidArgumentError("command", `${which.$case} is not available`);
      const value = await handler(which.value, ctx);
      return { requestId: cmd.requestId, result: { $case: which.$case, value } as SessionCommandResult["result"] };
    } catch (err) {
      const s = toStatus(err, c.logger, `session/${which?.$case ?? "?"}`);
      return { requestId: cmd.requestId, result: { $case: "error", value: { code: s.code, message: s.details, field: String(s.metadata.get("pyro-field")[0] ?? "") } } };
    }
  };

  return {
    async *watchEvents(req, ctx) {
      const guildIds = guildSet(req.guildIds, "guild_ids");
      const filter: SubscriberFilter = { allGuilds: guildIds.size === 0, guildIds, includeNodeEvents: req.includeNodeEvents, excludePlayerUpdates: req.excludePlayerUpdates };
      const sub = c.hub.subscribe(filter, ctx.signal, cursorMap(req.resumeFrom, "resume_from"));
      try {
        for await (const event of sub.queue) yield { event };
      } finally {
        sub.close();
      }
    },
    async *session(requests: AsyncIterable<SessionRequest>, ctx) {
      const out = createAsyncQueue<SessionResponse>({ maxSize: 10000, signal: ctx.signal });
      const filter: SubscriberFilter = { allGuilds: false, guildIds: new Set(), includeNodeEvents: false, excludePlayerUpdates: false };
      let sub: ReturnType<typeof c.hub.subscribe> | undefined;
      const inFlight = new Set<Promise<unknown>>();
      const echo = (): void => void out.push({ kind: { $case: "subscription", value: { guildIds: [...filter.guildIds], allGuilds: filter.allGuilds, includeNodeEvents: filter.includeNodeEvents, excludePlayerUpdates: filter.excludePlayerUpdates } } });
      const pumpEvents = async (): Promise<void> => {
        for await (const event of sub!.queue) if (!out.push({ kind: { $case: "event", value: event } })) return;
      };
      const reader = (async () => {
        for await (const req of requests) {
          const k = req.kind;
          if (k?.$case === "subscribe") {
            guildSet(k.value.guildIds, "subscribe.guild_ids").forEach((g) => filter.guildIds.add(g));
            const resume = cursorMap(k.value.resumeFrom, "subscribe.resume_from");
            filter.allGuilds = filter.allGuilds || k.value.allGuilds;
            filter.includeNodeEvents = k.value.includeNodeEvents;
            filter.excludePlayerUpdates = k.value.excludePlayerUpdates;
            if (!sub) {
              sub = c.hub.subscribe(filter, ctx.signal, resume);
              void pumpEvents().catch((err: unknown) => out.close(err as Error));
            }
            echo();
          } else if (k?.$case === "unsubscribe") {
            if (k.value.allGuilds) {
              filter.allGuilds = false;
              filter.guildIds.clear();
            }
            for (const g of k.value.guildIds) filter.guildIds.delete(g);
            echo();
          } else if (k?.$case === "command") {
            const p = runCommand(k.value, ctx).then((result) => out.push({ kind: { $case: "commandResult", value: result } }));
            inFlight.add(p);
            void p.finally(() => inFlight.delete(p));
          } else {
            throw new InvalidArgumentError("kind", "is required");
          }
        }
        await Promise.all(inFlight);
        out.close();
      })().catch((err: unknown) => out.close(err as Error));
      try {
        yield* out;
      } finally {
        sub?.close();
        await reader;
      }
    },
  };
}

