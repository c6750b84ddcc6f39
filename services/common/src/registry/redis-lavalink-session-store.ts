/**
 * Redis backend of LavalinkSessionStore: per session a JSON string (record), a set (guilds) and a
 * list (queued frames), all under the `{ls:<id>}` hash tag so each script touches one slot; plus a
 * set of every session id.
 */
import type { RedisClient as Redis } from "./redis-client";
import type { AsyncOptions } from "../abort";
import { throwIfAborted } from "../abort";
import { assertId } from "./fail";
import type { RegistryKeys } from "./keys";
import { validateLavalinkSession, type LavalinkSessionExpect, type LavalinkSessionRecord, type LavalinkSessionStore } from "./lavalink-session-store";

/** KEYS[1] record; ARGV[1] partial JSON, ARGV[2] expect JSON. Returns the new record JSON or false. */
const UPDATE_LUA = `
local raw = redis.call('GET', KEYS[1])
if not raw then return false end
local rec = cjson.decode(raw)
local expect = cjson.decode(ARGV[2])
for k, v in pairs(expect) do if rec[k] ~= v then return false end end
local partial = cjson.decode(ARGV[1])
for k, v in pairs(partial) do rec[k] = v end
local out = cjson.encode(rec)
redis.call('SET', KEYS[1], out)
return out`;

/** KEYS[1] record, KEYS[2] guilds, KEYS[3] frames. Returns false when absent, else the guilds. */
const REMOVE_LUA = `
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
local guilds = redis.call('SMEMBERS', KEYS[2])
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
return guilds`;

/** KEYS[1] frames. Returns and deletes every frame. */
const TAKE_LUA = `
local frames = redis.call('LRANGE', KEYS[1], 0, -1)
redis.call('DEL', KEYS[1])
return frames`;

type Scripts = {
  pyroLsUpdate(key: string, partial: string, expect: string): Promise<string | null>;
  pyroLsRemove(k1: string, k2: string, k3: string): Promise<string[] | null>;
  pyroLsTake(key: string): Promise<string[]>;
};

/** cjson turns a JSON `null` into a sentinel that re-encodes as null, so nulls survive the merge. */
function encodePartial(partial: object): string {
  return JSON.stringify(partial);
}

/** Session records on Redis. */
export class RedisLavalinkSessionStore implements LavalinkSessionStore {
  private readonly scripts: Scripts;

  constructor(private readonly redis: Redis, private readonly keys: RegistryKeys) {
    const r = redis as unknown as Record<string, unknown>;
    if (typeof r.pyroLsUpdate !== "function") redis.defineCommand("pyroLsUpdate", { numberOfKeys: 1, lua: UPDATE_LUA });
    if (typeof r.pyroLsRemove !== "function") redis.defineCommand("pyroLsRemove", { numberOfKeys: 3, lua: REMOVE_LUA });
    if (typeof r.pyroLsTake !== "function") redis.defineCommand("pyroLsTake", { numberOfKeys: 1, lua: TAKE_LUA });
    this.scripts = redis as unknown as Scripts;
  }

  private decode(raw: string | null, key: string): LavalinkSessionRecord | null {
    if (raw === null) return null;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      value = undefined;
    }
    return validateLavalinkSession(value, key);
  }

  async create(record: LavalinkSessionRecord, opts?: AsyncOptions): Promise<boolean> {
    throwIfAborted(opts?.signal);
    assertId(record.sessionId, "sessionId");
    const ok = await this.redis.set(this.keys.lavalinkSession(record.sessionId), JSON.stringify(record), "NX");
    if (ok !== "OK") return false;
    await this.redis.sadd(this.keys.lavalinkSessionSet, record.sessionId);
    return true;
  }

  async get(sessionId: string, opts?: AsyncOptions): Promise<LavalinkSessionRecord | null> {
    throwIfAborted(opts?.signal);
    const key = this.keys.lavalinkSession(sessionId);
    return this.decode(await this.redis.get(key), key);
  }

  async list(opts?: AsyncOptions): Promise<LavalinkSessionRecord[]> {
    throwIfAborted(opts?.signal);
    const ids = await this.redis.smembers(this.keys.lavalinkSessionSet);
    const out: LavalinkSessionRecord[] = [];
    for (const id of ids) {
      const rec = await this.get(id, opts);
      if (rec) out.push(rec);
      else await this.redis.srem(this.keys.lavalinkSessionSet, id);
    }
    return out;
  }

  async update(sessionId: string, partial: Partial<Omit<LavalinkSessionRecord, "sessionId">>, expect: LavalinkSessionExpect = {}, opts?: AsyncOptions): Promise<LavalinkSessionRecord | null> {
    throwIfAborted(opts?.signal);
    const key = this.keys.lavalinkSession(sessionId);
    const out = await this.scripts.pyroLsUpdate(key, encodePartial(partial), JSON.stringify(expect));
    return this.decode(out ?? null, key);
  }

  async remove(sessionId: string, opts?: AsyncOptions): Promise<string[] | null> {
    throwIfAborted(opts?.signal);
    const k = this.keys;
    const guilds = await this.scripts.pyroLsRemove(k.lavalinkSession(sessionId), k.lavalinkSessionGuilds(sessionId), k.lavalinkSessionFrames(sessionId));
    await this.redis.srem(k.lavalinkSessionSet, sessionId);
    return guilds === null ? null : [...guilds].sort();
  }

  async addGuild(sessionId: string, guildId: string, opts?: AsyncOptions): Promise<void> {
    throwIfAborted(opts?.signal);
    await this.redis.sadd(this.keys.lavalinkSessionGuilds(sessionId), guildId);
  }

  async removeGuild(sessionId: string, guildId: string, opts?: AsyncOptions): Promise<boolean> {
    throwIfAborted(opts?.signal);
    return (await this.redis.srem(this.keys.lavalinkSessionGuilds(sessionId), guildId)) === 1;
  }

  async guilds(sessionId: string, opts?: AsyncOptions): Promise<string[]> {
    throwIfAborted(opts?.signal);
    return (await this.redis.smembers(this.keys.lavalinkSessionGuilds(sessionId))).sort();
  }

  async appendFrames(sessionId: string, frames: readonly string[], maxFrames: number, opts?: AsyncOptions): Promise<void> {
    throwIfAborted(opts?.signal);
    if (frames.length === 0) return;
    const key = this.keys.lavalinkSessionFrames(sessionId);
    await this.redis.multi().rpush(key, ...frames).ltrim(key, -maxFrames, -1).exec();
  }

  async takeFrames(sessionId: string, opts?: AsyncOptions): Promise<string[]> {
    throwIfAborted(opts?.signal);
    return this.scripts.pyroLsTake(this.keys.lavalinkSessionFrames(sessionId));
  }
}
