/**
 * Lua scripts for queues. KEYS: 1 = items (list of item JSON), 2 = meta (hash: version, repeat, current),
 * 3 = history (list, newest first); all share the guild's hash tag. ARGV[1] is always the expected version
 * ('' = any). Every check runs before the first write, so a rejected edit writes nothing.
 */

const PRELUDE = `
local function pushRange(key, arr, i, j)
  for s = i, j, 1000 do redis.call('RPUSH', key, unpack(arr, s, math.min(s + 999, j))) end
end
local function rewrite(key, arr)
  redis.call('DEL', key)
  pushRange(key, arr, 1, #arr)
end
local rawVersion = redis.call('HGET', KEYS[2], 'version')
local version = 0
if rawVersion then
  version = tonumber(rawVersion)
  if not version then error({err = 'PYRO_CORRUPT version'}) end
end
if ARGV[1] ~= '' and tonumber(ARGV[1]) ~= version then error({err = 'PYRO_VERSION ' .. version}) end
local function bump() return redis.call('HINCRBY', KEYS[2], 'version', 1) end
local len = redis.call('LLEN', KEYS[1])
local function badIndex(i, detail) error({err = 'PYRO_INDEX ' .. i .. ' ' .. len .. ' ' .. detail}) end
`;

/** Every queue script: name → [number of keys, source]. */
export const QUEUE_SCRIPTS = {
  // ARGV: expected, index|'' (end), maxLength, item JSON... Returns version.
  pyroQueueAdd: [3, `${PRELUDE}
local n = #ARGV - 3
local idx = len
if ARGV[2] ~= '' then idx = tonumber(ARGV[2]) end
if idx < 0 or idx > len then badIndex(idx, 'insert') end
if len + n > tonumber(ARGV[3]) then error({err = 'PYRO_FULL ' .. len .. ' ' .. n .. ' ' .. ARGV[3]}) end
if idx == len then
  pushRange(KEYS[1], ARGV, 4, #ARGV)
else
  local tail = redis.call('LRANGE', KEYS[1], idx, -1)
  if idx == 0 then redis.call('DEL', KEYS[1]) else redis.call('LTRIM', KEYS[1], 0, idx - 1) end
  pushRange(KEYS[1], ARGV, 4, #ARGV)
  pushRange(KEYS[1], tail, 1, #tail)
end
return bump()`],
  // ARGV: '', offset, limit. Returns {version, repeat, current|'', total, items, history}.
  pyroQueuePage: [3, `${PRELUDE}
local offset, limit = tonumber(ARGV[2]), tonumber(ARGV[3])
local items = {}
if limit > 0 then items = redis.call('LRANGE', KEYS[1], offset, offset + limit - 1) end
return {version, redis.call('HGET', KEYS[2], 'repeat') or 'off', redis.call('HGET', KEYS[2], 'current') or '',
  len, items, redis.call('LRANGE', KEYS[3], 0, -1)}`],
  // ARGV: expected, index, count. Returns {version, removed items}.
  pyroQueueRemove: [3, `${PRELUDE}
local idx, count = tonumber(ARGV[2]), tonumber(ARGV[3])
if idx < 0 or idx >= len then badIndex(idx, 'remove') end
if count < 1 or idx + count > len then badIndex(idx, 'count ' .. count) end
local removed = redis.call('LRANGE', KEYS[1], idx, idx + count - 1)
local tail = redis.call('LRANGE', KEYS[1], idx + count, -1)
if idx == 0 then redis.call('DEL', KEYS[1]) else redis.call('LTRIM', KEYS[1], 0, idx - 1) end
pushRange(KEYS[1], tail, 1, #tail)
return {bump(), removed}`],
  // ARGV: expected, from, to. Returns version.
  pyroQueueMove: [3, `${PRELUDE}
local from, to = tonumber(ARGV[2]), tonumber(ARGV[3])
if from < 0 or from >= len then badIndex(from, 'from') end
if to < 0 or to >= len then badIndex(to, 'to') end
local all = redis.call('LRANGE', KEYS[1], 0, -1)
local item = table.remove(all, from + 1)
table.insert(all, to + 1, item)
rewrite(KEYS[1], all)
return bump()`],
  // ARGV: expected, seed (1..2147483646). Park-Miller LCG + Fisher-Yates, mirrored by seeded-shuffle.ts.
  pyroQueueShuffle: [3, `${PRELUDE}
local all = redis.call('LRANGE', KEYS[1], 0, -1)
local state = tonumber(ARGV[2])
for i = #all, 2, -1 do
  state = (state * 48271) % 2147483647
  local j = (state % i) + 1
  all[i], all[j] = all[j], all[i]
end
rewrite(KEYS[1], all)
return bump()`],
  // ARGV: expected, also clear the history '1'|'0'. Returns {version, removed count}.
  pyroQueueClear: [3, `${PRELUDE}
redis.call('DEL', KEYS[1])
if ARGV[2] == '1' then redis.call('DEL', KEYS[3]) end
return {bump(), len}`],
  // ARGV: expected, count, force '1'|'0', check current '1'|'0', expected current id|'', history limit,
  // expected 'since' (version that made the current item current)|''. Returns {version, current|'', previous|''}.
  pyroQueueAdvance: [3, `${PRELUDE}
local mode = redis.call('HGET', KEYS[2], 'repeat') or 'off'
local cur = redis.call('HGET', KEYS[2], 'current')
if ARGV[4] == '1' then
  local curId = ''
  if cur then
    local ok, obj = pcall(cjson.decode, cur)
    if not ok or type(obj) ~= 'table' or type(obj.id) ~= 'string' then error({err = 'PYRO_CORRUPT current'}) end
    curId = obj.id
  end
  if curId ~= ARGV[5] then
    -- No trailing space when nothing is current: the error parser splits arguments on spaces.
    if curId == '' then error({err = 'PYRO_CURRENT'}) end
    error({err = 'PYRO_CURRENT ' .. curId})
  end
end
if ARGV[7] ~= '' then
  local since = tonumber(redis.call('HGET', KEYS[2], 'since') or '0')
  if since ~= tonumber(ARGV[7]) then error({err = 'PYRO_SINCE ' .. ARGV[7] .. ' ' .. tostring(since)}) end
end
local prev = cur
for step = 1, tonumber(ARGV[2]) do
  if not (mode == 'track' and ARGV[3] ~= '1' and cur) then
    if cur then
      redis.call('LPUSH', KEYS[3], cur)
      if mode == 'queue' then redis.call('RPUSH', KEYS[1], cur) end
    end
    cur = redis.call('LPOP', KEYS[1])
  end
end
redis.call('LTRIM', KEYS[3], 0, tonumber(ARGV[6]) - 1)
if cur then redis.call('HSET', KEYS[2], 'current', cur) else redis.call('HDEL', KEYS[2], 'current') end
local v = bump()
redis.call('HSET', KEYS[2], 'since', v)
return {v, cur or '', prev or ''}`],
  // ARGV: expected. Returns {version, current|'', previous|'', changed 0|1}.
  pyroQueuePrevious: [3, `${PRELUDE}
local cur = redis.call('HGET', KEYS[2], 'current')
local h = redis.call('LPOP', KEYS[3])
if not h then return {version, cur or '', cur or '', 0} end
if cur then redis.call('LPUSH', KEYS[1], cur) end
redis.call('HSET', KEYS[2], 'current', h)
local v = bump()
redis.call('HSET', KEYS[2], 'since', v)
return {v, h, cur or '', 1}`],
  // ARGV: expected, mode. Returns version.
  pyroQueueSetRepeat: [3, `${PRELUDE}
redis.call('HSET', KEYS[2], 'repeat', ARGV[2])
return bump()`],
} as const satisfies Record<string, readonly [number, string]>;
