/** Validation of node records (stored data and caller input). */
import { isObject, reqEnum, reqNumber, reqObject, reqString, reqStringOrNull, type Fail } from "./json-check";
import { NODE_STATES, type NodeCapabilities, type NodeRecord, type NodeRecordInput, type NodeStats } from "./types";

function validateCapabilities(v: unknown, path: string, fail: Fail): NodeCapabilities {
  const o = reqObject(v, path, fail);
  const strings = (x: unknown, p: string): string[] => {
    if (!Array.isArray(x)) fail(`${path}.${p}`, "must be an array");
    return (x as unknown[]).map((s, i) => reqString(s, `${path}.${p}[${i}]`, fail));
  };
  if (!Array.isArray(o.plugins)) fail(`${path}.plugins`, "must be an array");
  const plugins = (o.plugins as unknown[]).map((p, i) => {
    const po = reqObject(p, `${path}.plugins[${i}]`, fail);
    return { name: reqString(po.name, `${path}.plugins[${i}].name`, fail), version: reqString(po.version, `${path}.plugins[${i}].version`, fail, true) };
  });
  return { plugins, sourceManagers: strings(o.sourceManagers, "sourceManagers"), filters: strings(o.filters, "filters") };
}

function validateStats(v: unknown, path: string, fail: Fail): NodeStats {
  const o = reqObject(v, path, fail);
  const n = (x: unknown, p: string): number => reqNumber(x, `${path}.${p}`, fail, { min: 0 });
  const stats: NodeStats = {
    players: n(o.players, "players"),
    playingPlayers: n(o.playingPlayers, "playingPlayers"),
    uptimeMs: n(o.uptimeMs, "uptimeMs"),
    reportedAt: n(o.reportedAt, "reportedAt"),
  };
  if (o.cpu !== undefined) {
    const c = reqObject(o.cpu, `${path}.cpu`, fail);
    stats.cpu = { cores: n(c.cores, "cpu.cores"), systemLoad: n(c.systemLoad, "cpu.systemLoad"), lavalinkLoad: n(c.lavalinkLoad, "cpu.lavalinkLoad") };
  }
  if (o.memory !== undefined) {
    const m = reqObject(o.memory, `${path}.memory`, fail);
    stats.memory = { free: n(m.free, "memory.free"), used: n(m.used, "memory.used"), allocated: n(m.allocated, "memory.allocated"), reservable: n(m.reservable, "memory.reservable") };
  }
  if (o.frameStats !== undefined) {
    if (o.frameStats === null) stats.frameStats = null;
    else {
      const f = reqObject(o.frameStats, `${path}.frameStats`, fail);
      // deficit may be negative in Lavalink's stats (more frames sent than expected).
      stats.frameStats = { sent: n(f.sent, "frameStats.sent"), nulled: n(f.nulled, "frameStats.nulled"), deficit: reqNumber(f.deficit, `${path}.frameStats.deficit`, fail) };
    }
  }
  return stats;
}

/** Validates a node record without `updatedAt` (as written by upsert); returns a normalised copy. */
export function validateNodeInput(v: unknown, fail: Fail): NodeRecordInput {
  const o = reqObject(v, "node", fail);
  const rec: NodeRecordInput = {
    nodeId: reqString(o.nodeId, "nodeId", fail),
    address: reqString(o.address, "address", fail),
    region: reqString(o.region, "region", fail, true),
    capacity: reqNumber(o.capacity, "capacity", fail, { integer: true, min: 0 }),
    state: reqEnum(o.state, NODE_STATES, "state", fail),
    userId: reqString(o.userId, "userId", fail),
    sessionId: reqStringOrNull(o.sessionId, "sessionId", fail),
    lavalinkUrl: reqString(o.lavalinkUrl, "lavalinkUrl", fail),
  };
  if (o.lavalinkPassword !== undefined) rec.lavalinkPassword = reqString(o.lavalinkPassword, "lavalinkPassword", fail, true);
  if (o.stats !== undefined) {
    if (!isObject(o.stats)) fail("stats", "must be an object");
    rec.stats = validateStats(o.stats, "stats", fail);
  }
  if (o.capabilities !== undefined) rec.capabilities = validateCapabilities(o.capabilities, "capabilities", fail);
  return rec;
}

/** Validates a complete node record. */
export function validateNodeRecord(v: unknown, fail: Fail): NodeRecord {
  const input = validateNodeInput(v, fail);
  const updatedAt = reqNumber((v as Record<string, unknown>).updatedAt, "updatedAt", fail, { min: 0 });
  return { ...input, updatedAt };
}
