/**
 * Lua scripts of the batched claim: many players re-owned in one script, and their old index
 * entries pruned in a second. They take a variable number of keys (ioredis passes the count first).
 * Unlike the single-key scripts they touch many slots, so they run on a single Redis server (or
 * Sentinel) only; on a Redis Cluster the store claims one player per script instead.
 */

/** Every variable-key script: name → source. */
export const BATCH_SCRIPTS = {
  // KEYS[1..n]: player keys; KEYS[n+1..2n]: the new owner's index key of each.
  // ARGV[1]: updatedAt; then per item i: ARGV[3i-1] expectedEpoch, ARGV[3i] new owner JSON, ARGV[3i+1] guildId.
  // Returns, per item, {'OK', previous owner JSON, HGETALL} | {'STALE', epoch} | {'NOTFOUND'} | {'CORRUPT'}.
  // A rejected item writes nothing; the others are claimed as if one by one, atomically together.
  // Each new epoch is max(epoch + 1, the server clock in ms), as in pyroPlayerClaim (lua-player.ts).
  pyroPlayerClaimBatch: `
local n = #KEYS / 2
local out = {}
local t = redis.call('TIME')
local serverMs = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
for i = 1, n do
  local key = KEYS[i]
  local raw = redis.call('HGET', key, 'epoch')
  local epoch = raw and tonumber(raw)
  if not raw then
    out[i] = {'NOTFOUND'}
  elseif not epoch then
    out[i] = {'CORRUPT'}
  elseif tonumber(ARGV[3 * i - 1]) ~= epoch then
    out[i] = {'STALE', raw}
  else
    local old = redis.call('HGET', key, 'ownerNodeId') or 'null'
    redis.call('HSET', key, 'epoch', string.format('%d', math.max(epoch + 1, serverMs)), 'ownerNodeId', ARGV[3 * i], 'updatedAt', ARGV[1])
    redis.call('SADD', KEYS[n + i], ARGV[3 * i + 1])
    out[i] = {'OK', old, redis.call('HGETALL', key)}
  end
end
return out`,
  // KEYS[1..n]: player keys; KEYS[n+1..2n]: an old owner's index key of each.
  // ARGV per item i: ARGV[2i-1] guildId, ARGV[2i] old owner JSON.
  // Removes each index entry unless the record is (again) owned by that owner. Returns the count removed.
  pyroPlayerIndexPrune: `
local n = #KEYS / 2
local removed = 0
for i = 1, n do
  if redis.call('HGET', KEYS[i], 'ownerNodeId') ~= ARGV[2 * i] then
    removed = removed + redis.call('SREM', KEYS[n + i], ARGV[2 * i - 1])
  end
end
return removed`,
} as const satisfies Record<string, string>;
