/**
 * The RouterService implementation, assembled from one module per area. The queue RPCs come from
 * `queue-rpcs.ts` and are passed in as `extra` by the Router app; an RPC missing from every module
 * would answer UNIMPLEMENTED through the service adapter.
 */
import type { CallContext, ServiceImpl } from "../../../common/src/grpc/call-context";
import { InvalidArgumentError } from "../../../common/src/errors";
import { stampBot } from "./stamp-bot";
import type { RouterServiceService } from "../../../../gen/ts/pyro/router/v1/router_service";
import { createPlayerRpcs } from "./player-rpcs";
import { createTrackRpcs } from "./track-rpcs";
import { createNodeRpcs } from "./node-rpcs";
import { createEventRpcs } from "./event-rpcs";
import { createPluginRpcs } from "./plugin-rpcs";
import type { RouterContext } from "./router-context";

/**
 * Creates the RouterService implementation over `c`. With `sessionBot` (the bot of these
 * components), a Session command naming another bot in its request fails (INVALID_ARGUMENT on
 * `bot_user_id`) instead of acting on this bot's player, and command results carry the bot.
 */
export function createRouterService(c: RouterContext, extra: ServiceImpl<typeof RouterServiceService> = {}, sessionBot?: string): ServiceImpl<typeof RouterServiceService> {
  const unary: ServiceImpl<typeof RouterServiceService> = { ...createPlayerRpcs(c), ...createTrackRpcs(c), ...createNodeRpcs(c), ...createPluginRpcs(c), ...extra };
  return { ...unary, ...createEventRpcs(c, sessionBot ? onlyBot(unary, sessionBot) : unary) };
}

/** `unary` with every handler refusing a request that names a bot other than `bot`, and stamping its answer. */
function onlyBot(unary: ServiceImpl<typeof RouterServiceService>, bot: string): ServiceImpl<typeof RouterServiceService> {
  const out: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(unary as Record<string, (req: unknown, ctx: CallContext) => Promise<unknown>>)) {
    out[name] = async (req: unknown, ctx: CallContext) => {
      const named = (req as { botUserId?: string } | undefined)?.botUserId;
      if (named !== undefined && named !== "" && named !== bot) throw new InvalidArgumentError("bot_user_id", `must be empty or ${bot}, the bot of this Session (its pyro-bot-user-id metadata)`);
      return stampBot(await fn(req, ctx), bot);
    };
  }
  return out as ServiceImpl<typeof RouterServiceService>;
}
