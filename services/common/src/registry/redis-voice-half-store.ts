/** Redis backend of VoiceHalfStore: one hash per guild, merged and expired in a single script. */
import type { RedisClient as Redis } from "./redis-client";
import type { AsyncOptions } from "../abort";
import type { RegistryKeys } from "./keys";
import type { VoiceHalf, VoiceHalfStore } from "./registry";
import { throwIfAborted } from "../abort";

const FIELDS = ["sessionId", "channelId", "token", "endpoint"] as const;

/** KEYS[1] hash; ARGV[1] ttl ms, then field/value pairs. Returns the merged hash as a flat array. */
const MERGE_LUA = `
for i = 2, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return redis.call('HGETALL', KEYS[1])`;

/** A flat HGETALL reply → halves; Redis contents are external input, so only known string fields are kept. */
function parse(flat: unknown[]): VoiceHalf {
  const out: VoiceHalf = {};
  for (let i = 0; i + 1 < flat.length; i += 2) {
    const k = flat[i] as (typeof FIELDS)[number];
    const v = flat[i + 1];
    if ((FIELDS as readonly string[]).includes(k) && typeof v === "string") out[k] = v;
  }
  return out;
}

/** Voice halves on Redis. */
export class RedisVoiceHalfStore implements VoiceHalfStore {
  constructor(private readonly redis: Redis, private readonly keys: RegistryKeys) {
    if (typeof (redis as unknown as Record<string, unknown>).pyroVoiceMerge !== "function") redis.defineCommand("pyroVoiceMerge", { numberOfKeys: 1, lua: MERGE_LUA });
  }

  async merge(guildId: string, half: VoiceHalf, ttlMs: number, opts?: AsyncOptions): Promise<VoiceHalf> {
    throwIfAborted(opts?.signal);
    const args: string[] = [String(Math.max(1, Math.round(ttlMs)))];
    for (const f of FIELDS) if (typeof half[f] === "string") args.push(f, half[f]!);
    const flat = (await (this.redis as unknown as { pyroVoiceMerge(key: string, ...a: string[]): Promise<string[]> }).pyroVoiceMerge(this.keys.voiceHalves(guildId), ...args));
    return parse(flat);
  }

  async get(guildId: string, opts?: AsyncOptions): Promise<VoiceHalf> {
    throwIfAborted(opts?.signal);
    const hash = await this.redis.hgetall(this.keys.voiceHalves(guildId));
    return parse(Object.entries(hash).flat());
  }

  async clear(guildId: string, opts?: AsyncOptions): Promise<void> {
    throwIfAborted(opts?.signal);
    await this.redis.del(this.keys.voiceHalves(guildId));
  }
}
