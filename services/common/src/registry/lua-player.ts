/**
 * Lua scripts for player, node and lease records. Each touches one key (one slot). Domain failures are
 * raised before any write as error replies `PYRO_<KIND> <args>` (parsed by `parseScriptError`), so a
 * rejected script never leaves a partial write.
 */

/** Reads and checks the epoch of the player hash at KEYS[1] against ARGV[1] ('' = no check). */
const CHECK_EPOCH = `
local raw = redis.call('HGET', KEYS[1], 'epoch')
if not raw then error({err = 'PYRO_NOTFOUND'}) end
local epoch = tonumber(raw)
if not epoch then error({err = 'PYRO_CORRUPT epoch'}) end
if ARGV[1] ~= '' and tonumber(ARGV[1]) ~= epoch then error({err = 'PYRO_STALE ' .. raw}) end
`;

/** The fenced checkpoint write shared by both checkpoint scripts (see pyroPlayerCheckpoint's ARGV). */
const CHECKPOINT = `${CHECK_EPOCH}
if ARGV[3] ~= '' and (redis.call('HGET', KEYS[1], 'ownerNodeId') or 'null') ~= ARGV[3] then error({err = 'PYRO_STALE ' .. raw}) end
redis.call('HSET', KEYS[1], 'updatedAt', ARGV[2], unpack(ARGV, 4))
`;

/**
 * The server's clock in ms (Redis TIME). Epochs never fall below it, so a record rolled back by a
 * failover (asynchronous replication lost the last claims) still hands out epochs above every lost
 * one: those were issued earlier, at a lower clock. Scripts replicate their effects (Redis 7), so
 * replicas store the value the master computed.
 */
const SERVER_MS = `
local t = redis.call('TIME')
local serverMs = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
`;

/** Every player/node/lease script: name → [number of keys, source]. */
export const RECORD_SCRIPTS = {
  // ARGV: field/value pairs of the whole record. Returns {created 0|1, HGETALL}.
  pyroPlayerCreate: [1, `
if redis.call('EXISTS', KEYS[1]) == 1 then return {0, redis.call('HGETALL', KEYS[1])} end
redis.call('HSET', KEYS[1], unpack(ARGV))
return {1, redis.call('HGETALL', KEYS[1])}`],
  // ARGV: expectedEpoch, updatedAt, expected owner JSON ('' = no owner check), field/value pairs. Returns HGETALL.
  // Owner AND epoch: after a failover that rolled an epoch back, two owners could hold one epoch.
  pyroPlayerCheckpoint: [1, `${CHECKPOINT}
return redis.call('HGETALL', KEYS[1])`],
  // The same checkpoint, answering 1 instead of the record (the owning node's hot path).
  pyroPlayerCheckpointWrite: [1, `${CHECKPOINT}
return 1`],
  // ARGV: expectedEpoch, new owner (JSON), updatedAt. Returns {HGETALL, previous owner JSON}.
  // New epoch: max(epoch + 1, server clock in ms), see SERVER_MS.
  pyroPlayerClaim: [1, `${CHECK_EPOCH}${SERVER_MS}
local old = redis.call('HGET', KEYS[1], 'ownerNodeId') or 'null'
redis.call('HSET', KEYS[1], 'epoch', string.format('%d', math.max(epoch + 1, serverMs)), 'ownerNodeId', ARGV[2], 'updatedAt', ARGV[3])
return {redis.call('HGETALL', KEYS[1]), old}`],
  // ARGV: expectedEpoch|'', voice JSON|'' (remove), updatedAt. Returns HGETALL.
  pyroPlayerSetVoice: [1, `${CHECK_EPOCH}
if ARGV[2] == '' then redis.call('HDEL', KEYS[1], 'voice') else redis.call('HSET', KEYS[1], 'voice', ARGV[2]) end
redis.call('HSET', KEYS[1], 'updatedAt', ARGV[3])
return redis.call('HGETALL', KEYS[1])`],
  // ARGV: expectedEpoch|''. Returns the previous owner JSON.
  pyroPlayerDelete: [1, `${CHECK_EPOCH}
local old = redis.call('HGET', KEYS[1], 'ownerNodeId') or 'null'
redis.call('DEL', KEYS[1])
return old`],
  // ARGV: field/value pairs. Replaces the whole hash.
  pyroNodeUpsert: [1, `
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], unpack(ARGV))
return redis.call('HGETALL', KEYS[1])`],
  // ARGV: state JSON, updatedAt. Returns HGETALL.
  pyroNodeSetState: [1, `
if redis.call('EXISTS', KEYS[1]) == 0 then error({err = 'PYRO_NODENOTFOUND'}) end
redis.call('HSET', KEYS[1], 'state', ARGV[1], 'updatedAt', ARGV[2])
return redis.call('HGETALL', KEYS[1])`],
  // ARGV: holder, ttlMs. Returns {1, holder, ttl} or {0, other holder, pttl}.
  pyroLeaseAcquire: [1, `
local h = redis.call('GET', KEYS[1])
if (not h) or h == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return {1, ARGV[1], tonumber(ARGV[2])}
end
return {0, h, redis.call('PTTL', KEYS[1])}`],
  // ARGV: holder, ttlMs. Returns 1 if renewed.
  pyroLeaseRenew: [1, `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`],
  // ARGV: holder. Returns 1 if released.
  pyroLeaseRelease: [1, `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
return 1`],
  // Returns {holder, pttl} or {}.
  pyroLeaseGet: [1, `
local h = redis.call('GET', KEYS[1])
if not h then return {} end
return {h, redis.call('PTTL', KEYS[1])}`],
} as const satisfies Record<string, readonly [number, string]>;
