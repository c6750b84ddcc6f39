/**
 * Redis backend of EventLogStore. Per guild: a sorted set of entries (score = sequence, member =
 * "sequence\nat\neventId\npayload"), a counter, and a hash eventId → sequence for idempotent
 * appends. One script appends and trims, so concurrent appenders of one event get one sequence.
 */
import type { RedisClient as Redis } from "./redis-client";
import { throwIfAborted, type AsyncOptions } from "../abort";
import type { RegistryKeys } from "./keys";
import type { JsonValue } from "./types";
import { EVENT_LOG_MAX_AGE_MS, EVENT_LOG_MAX_ENTRIES, type EventLogAppend, type EventLogBounds, type EventLogEntry, type EventLogStore } from "./event-log-store";
import { withSignal } from "./signal";

/** Drops entries older than ARGV[n] ms before ARGV[now] or beyond the count bound. */
const TRIM_LUA = `
local function trim(log, ids, oldest, maxEntries)
  while true do
    local head = redis.call('ZRANGE', log, 0, 0)
    if #head == 0 then return end
    local _, _, at, id = string.find(head[1], '^%d+\\n(%d+)\\n([^\\n]*)\\n')
    if at and tonumber(at) >= oldest and redis.call('ZCARD', log) <= maxEntries then return end
    redis.call('ZREMRANGEBYRANK', log, 0, 0)
    if id then redis.call('HDEL', ids, id) end
  end
end`;

/** KEYS: log, counter, ids. ARGV: eventId, payload, now, maxAgeMs, maxEntries, ttlMs. Returns {sequence, duplicate}. */
const APPEND_LUA = `${TRIM_LUA}
local existing = redis.call('HGET', KEYS[3], ARGV[1])
if existing then return {tonumber(existing), 1} end
local seq = redis.call('INCR', KEYS[2])
redis.call('ZADD', KEYS[1], seq, seq .. '\\n' .. ARGV[3] .. '\\n' .. ARGV[1] .. '\\n' .. ARGV[2])
redis.call('HSET', KEYS[3], ARGV[1], seq)
trim(KEYS[1], KEYS[3], tonumber(ARGV[3]) - tonumber(ARGV[4]), tonumber(ARGV[5]))
for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], ARGV[6]) end
return {seq, 0}`;

/** KEYS: log, counter, ids. ARGV: afterSequence, now, maxAgeMs, maxEntries. Returns {last, members...}. */
const READ_LUA = `${TRIM_LUA}
trim(KEYS[1], KEYS[3], tonumber(ARGV[2]) - tonumber(ARGV[3]), tonumber(ARGV[4]))
local last = tonumber(redis.call('GET', KEYS[2]) or '0')
local after = tonumber(ARGV[1])
if after > last then after = 0 end
local out = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. after, '+inf')
table.insert(out, 1, last)
return out`;

/** How long an idle guild's log keys live: one day (the counter restarts after that). */
const KEY_TTL_MS = 86_400_000;

type Scripts = {
  pyroEventLogAppend(log: string, counter: string, ids: string, ...args: string[]): Promise<[number, number]>;
  pyroEventLogRead(log: string, counter: string, ids: string, ...args: string[]): Promise<(string | number)[]>;
};

/** Event logs on Redis. */
export class RedisEventLogStore implements EventLogStore {
  private readonly maxAgeMs: number;
  private readonly maxEntries: number;

  constructor(private readonly redis: Redis, private readonly keys: RegistryKeys, private readonly now: () => number, bounds: EventLogBounds = {}) {
    this.maxAgeMs = bounds.maxAgeMs ?? EVENT_LOG_MAX_AGE_MS;
    this.maxEntries = bounds.maxEntries ?? EVENT_LOG_MAX_ENTRIES;
    const r = redis as unknown as Record<string, unknown>;
    if (typeof r.pyroEventLogAppend !== "function") redis.defineCommand("pyroEventLogAppend", { numberOfKeys: 3, lua: APPEND_LUA });
    if (typeof r.pyroEventLogRead !== "function") redis.defineCommand("pyroEventLogRead", { numberOfKeys: 3, lua: READ_LUA });
  }

  async append(guildId: string, eventId: string, payload: JsonValue, opts?: AsyncOptions): Promise<EventLogAppend> {
    throwIfAborted(opts?.signal);
    const k = this.keys;
    const args = [eventId.replace(/\n/g, " "), JSON.stringify(payload), String(this.now()), String(this.maxAgeMs), String(this.maxEntries), String(KEY_TTL_MS)];
    const [sequence, dup] = await withSignal(opts?.signal, () => (this.redis as unknown as Scripts).pyroEventLogAppend(k.eventLog(guildId), k.eventLogCounter(guildId), k.eventLogIds(guildId), ...args));
    return { sequence: Number(sequence), duplicate: Number(dup) === 1 };
  }

  async readAfter(guildId: string, afterSequence: number, opts?: AsyncOptions): Promise<EventLogEntry[]> {
    throwIfAborted(opts?.signal);
    const k = this.keys;
    const args = [String(Math.max(0, Math.floor(afterSequence))), String(this.now()), String(this.maxAgeMs), String(this.maxEntries)];
    const reply = await withSignal(opts?.signal, () => (this.redis as unknown as Scripts).pyroEventLogRead(k.eventLog(guildId), k.eventLogCounter(guildId), k.eventLogIds(guildId), ...args));
    const out: EventLogEntry[] = [];
    for (const member of reply.slice(1)) {
      // Redis contents are external input: skip a member that does not parse.
      const m = /^(\d+)\n(\d+)\n[^\n]*\n([\s\S]*)$/.exec(String(member));
      if (!m) continue;
      try {
        out.push({ sequence: Number(m[1]), at: Number(m[2]), payload: JSON.parse(m[3]!) as JsonValue });
      } catch {
        continue;
      }
    }
    return out;
  }
}
