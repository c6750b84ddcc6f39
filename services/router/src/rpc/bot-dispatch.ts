/**
 * RouterService over several bots. A player is identified by (bot user id, guild id); each bot the
 * Router serves has its own stack (bot-stack.ts: registry namespace, nodes, placement, failover,
 * events), and this module picks the stack of each call:
 * - the request's `bot_user_id` (unary and server-streaming calls), else
 * - the `pyro-bot-user-id` metadata (the only way for the client-streaming IngestVoiceEvents and
 *   the bidirectional Session, whose requests are many), else
 * - the default bot.
 * With scoped tokens, a call for a bot its token does not cover is PERMISSION_DENIED before any
 * stack sees it, on every method alike. Players going out are stamped with their bot; events carry
 * it from their bot's hub.
 */
import type { Metadata } from "@grpc/grpc-js";
import type { CallContext, ServiceImpl } from "../../../common/src/grpc/call-context";
import { InvalidArgumentError, NotImplementedError } from "../../../common/src/errors";
import { RouterServiceService } from "../../../../gen/ts/pyro/router/v1/router_service";
import type { BotScope } from "../auth/token-file";
import { TokenScopes } from "../auth/token-scopes";
import { isSnowflake } from "./validate";
import { stampBot } from "./stamp-bot";

type Impl = ServiceImpl<typeof RouterServiceService>;
type AnyFn = (req: unknown, ctx: CallContext) => unknown;

/** Metadata key naming the bot of a call (for streams of many requests; any call may use it). */
export const BOT_METADATA_KEY = "pyro-bot-user-id";

/** What the dispatcher needs. */
export interface BotDispatchOptions {
  /** The RouterService implementation of each served bot, by bot user id. */
  stacks: ReadonlyMap<string, Impl>;
  /** Bot of calls that name none; must be a key of `stacks`. */
  defaultBot: string;
  /**
   * Bots other than the configured ones a call may name and still reach the default stack (a Router
   * started without --bot-user-id serves whatever single bot its nodes serve); default none.
   */
  defaultAliases?: () => ReadonlySet<string>;
  /** Scoped tokens; absent: no bot scoping (every authenticated call may act for every bot). */
  scopes?: TokenScopes;
}

/** The bot named by a call: its request field, else its metadata, else undefined. @throws InvalidArgumentError for a malformed id. */
export function namedBot(req: unknown, metadata: Metadata): string | undefined {
  const field = (req as { botUserId?: string } | undefined)?.botUserId;
  const meta = metadata.get(BOT_METADATA_KEY)[0];
  const named = field !== undefined && field !== "" ? { value: field, path: "bot_user_id" } : typeof meta === "string" && meta !== "" ? { value: meta, path: BOT_METADATA_KEY } : undefined;
  if (named && !isSnowflake(named.value)) throw new InvalidArgumentError(named.path, `must be a Discord user id (decimal snowflake), got ${JSON.stringify(named.value.slice(0, 40))}`);
  return named?.value;
}

/** Builds the dispatching RouterService implementation. */
export function createBotDispatch(o: BotDispatchOptions): Impl {
  const pick = (req: unknown, ctx: CallContext): { bot: string; impl: Record<string, AnyFn> } => {
    const scope: BotScope = o.scopes?.enabled ? o.scopes.scopeOf(ctx.metadata) : "all";
    const named = namedBot(req, ctx.metadata);
    let bot = named ?? o.defaultBot;
    if (named !== undefined && !o.stacks.has(named) && o.defaultAliases?.().has(named)) bot = o.defaultBot;
    // Scope first: a token learns nothing about bots it does not cover, not even whether they are served.
    TokenScopes.assertCovers(scope, named ?? o.defaultBot);
    const impl = o.stacks.get(bot);
    if (!impl) throw new InvalidArgumentError("bot_user_id", `bot ${bot} is not served by this Router (see --bot-user-id)`);
    return { bot: named ?? bot, impl: impl as Record<string, AnyFn> };
  };
  const method = (impl: Record<string, AnyFn>, name: string, path: string): AnyFn => impl[name] ?? (() => { throw new NotImplementedError(path); });
  const out: Record<string, unknown> = {};
  for (const [name, def] of Object.entries(RouterServiceService)) {
    if (!def.requestStream && !def.responseStream) {
      out[name] = async (req: unknown, ctx: CallContext) => {
        const { bot, impl } = pick(req, ctx);
        return stampBot(await method(impl, name, def.path)(req, ctx), bot);
      };
    } else if (!def.requestStream) {
      out[name] = async function* (req: unknown, ctx: CallContext) {
        const { bot, impl } = pick(req, ctx);
        for await (const res of method(impl, name, def.path)(req, ctx) as AsyncIterable<unknown>) yield stampBot(res, bot);
      };
    } else if (!def.responseStream) {
      out[name] = async (reqs: unknown, ctx: CallContext) => method(pick(undefined, ctx).impl, name, def.path)(reqs, ctx);
    } else {
      out[name] = async function* (reqs: unknown, ctx: CallContext) {
        const { bot, impl } = pick(undefined, ctx);
        for await (const res of method(impl, name, def.path)(reqs, ctx) as AsyncIterable<unknown>) yield stampBot(res, bot);
      };
    }
  }
  return out as Impl;
}
