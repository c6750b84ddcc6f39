/**
 * Registers the registry's Lua scripts on an ioredis client (EVALSHA with EVAL fallback) and turns their
 * `PYRO_<KIND>` error replies, and WRONGTYPE replies from corrupted keys, into typed registry errors.
 */
import type { RedisClient as Redis } from "./redis-client";
import {
  CorruptRecordError,
  InvalidIndexError,
  NodeNotFoundError,
  PlayerNotFoundError,
  QueueFullError,
  StaleEpochError,
  VersionMismatchError,
} from "./errors";
import { QUEUE_SCRIPTS } from "./lua-queue";
import { RECORD_SCRIPTS } from "./lua-player";
import { BATCH_SCRIPTS } from "./lua-claim-batch";
import { withSignal } from "./signal";

/** Name of any registry script. */
export type ScriptName = keyof typeof RECORD_SCRIPTS | keyof typeof QUEUE_SCRIPTS | keyof typeof BATCH_SCRIPTS;

/** What a failing script was about, used to build the typed error. */
export interface ScriptContext {
  /** The main key, named by CorruptRecordError. */
  key: string;
  guildId?: string;
  nodeId?: string;
  /** The expected epoch, version or current item id the caller sent. */
  expected?: number | string | null;
  /** The expected current queue item id (advance). */
  expectedCurrent?: string | null;
}

type ScriptFn = (...args: (string | number)[]) => Promise<unknown>;

/** Defines every script on `redis`; idempotent per client. */
export function defineScripts(redis: Redis): void {
  for (const [name, [numberOfKeys, lua]] of Object.entries({ ...RECORD_SCRIPTS, ...QUEUE_SCRIPTS })) {
    if (typeof (redis as unknown as Record<string, unknown>)[name] !== "function") redis.defineCommand(name, { numberOfKeys, lua });
  }
  // Variable-key scripts: the caller passes the number of keys first.
  for (const [name, lua] of Object.entries(BATCH_SCRIPTS)) {
    if (typeof (redis as unknown as Record<string, unknown>)[name] !== "function") redis.defineCommand(name, { lua });
  }
}

/** Runs a script defined by `defineScripts`, mapping script errors to typed errors. */
export async function runScript(
  redis: Redis,
  name: ScriptName,
  keys: string[],
  args: (string | number)[],
  ctx: ScriptContext,
  signal?: AbortSignal,
): Promise<unknown> {
  const fn = (redis as unknown as Record<string, ScriptFn>)[name]!;
  try {
    return await withSignal(signal, () => fn.call(redis, ...keys, ...args));
  } catch (err) {
    throw mapScriptError(err, ctx);
  }
}

/** Maps an error reply to a typed registry error; other errors pass through unchanged. */
export function mapScriptError(err: unknown, ctx: ScriptContext): unknown {
  if (!(err instanceof Error)) return err;
  const msg = err.message;
  if (msg.startsWith("WRONGTYPE")) return new CorruptRecordError(ctx.key, "key holds the wrong Redis type");
  const m = /^PYRO_([A-Z]+)((?: [^ ]+)*?)(?: script: |$)/.exec(msg);
  if (!m) return err;
  const args = m[2]!.trim() === "" ? [] : m[2]!.trim().split(" ");
  const g = ctx.guildId ?? "";
  const num = (i: number): number => Number(args[i]);
  switch (m[1]) {
    case "NOTFOUND":
      return new PlayerNotFoundError(g);
    case "NODENOTFOUND":
      return new NodeNotFoundError(ctx.nodeId ?? "");
    case "STALE":
      return new StaleEpochError(g, Number(ctx.expected), num(0));
    case "CORRUPT":
      return new CorruptRecordError(ctx.key, `${args[0] ?? "record"} is invalid`);
    case "VERSION":
      return new VersionMismatchError(g, ctx.expected ?? null, num(0));
    case "CURRENT":
      return new VersionMismatchError(g, ctx.expectedCurrent ?? null, args[0] || null);
    case "SINCE":
      return new VersionMismatchError(g, num(0), num(1));
    case "FULL":
      return new QueueFullError(g, num(0), num(1), num(2));
    case "INDEX":
      return new InvalidIndexError(g, num(0), num(1), args.slice(2).join(" "));
    default:
      return err;
  }
}
