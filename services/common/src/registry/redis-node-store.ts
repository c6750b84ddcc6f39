/**
 * Node records on Redis: one hash per node under `{n:<id>}`, plus a set of node ids in its own slot.
 * The set is kept a superset of the records (added before writing, removed after deleting, restored if the
 * node reappeared), and `list` skips ids whose record is gone.
 */
import type { RedisClient as Redis } from "./redis-client";
import type { AsyncOptions } from "../abort";
import { CorruptRecordError } from "./errors";
import { assertId, invalidArgument } from "./fail";
import { reqEnum } from "./json-check";
import type { RegistryKeys } from "./keys";
import { decodeNode, encodeNode, pairsToObject } from "./redis-codec";
import { runScript } from "./redis-scripts";
import type { NodeStore } from "./registry";
import { withSignal } from "./signal";
import { NODE_STATES, type NodeRecord, type NodeRecordInput, type NodeState } from "./types";
import { validateNodeInput } from "./validate-node";

/** NodeStore over an ioredis client whose scripts were defined by `defineScripts`. */
export class RedisNodeStore implements NodeStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RegistryKeys,
    private readonly now: () => number,
  ) {}

  async upsert(node: NodeRecordInput, opts: AsyncOptions = {}): Promise<NodeRecord> {
    const input = validateNodeInput(node, invalidArgument);
    assertId(input.nodeId, "nodeId");
    const key = this.keys.node(input.nodeId);
    await withSignal(opts.signal, () => this.redis.sadd(this.keys.nodeSet, input.nodeId));
    const flat = await runScript(this.redis, "pyroNodeUpsert", [key], encodeNode({ ...input, updatedAt: this.now() }), { key, nodeId: input.nodeId }, opts.signal);
    return decodeNode(pairsToObject(flat, key), key)!;
  }

  async get(nodeId: string, opts: AsyncOptions = {}): Promise<NodeRecord | null> {
    assertId(nodeId, "nodeId");
    const key = this.keys.node(nodeId);
    const hash = await withSignal(opts.signal, () => this.redis.hgetall(key)).catch((err: unknown) => {
      throw err instanceof Error && err.message.startsWith("WRONGTYPE") ? new CorruptRecordError(key, "key holds the wrong Redis type") : err;
    });
    return decodeNode(hash, key);
  }

  async list(opts: AsyncOptions = {}): Promise<NodeRecord[]> {
    const ids = await withSignal(opts.signal, () => this.redis.smembers(this.keys.nodeSet));
    const recs = await Promise.all(ids.map((id) => this.get(id, opts)));
    return recs.filter((r): r is NodeRecord => r !== null).sort((a, b) => (a.nodeId < b.nodeId ? -1 : 1));
  }

  async setState(nodeId: string, state: NodeState, opts: AsyncOptions = {}): Promise<NodeRecord> {
    assertId(nodeId, "nodeId");
    reqEnum(state, NODE_STATES, "state", invalidArgument);
    const key = this.keys.node(nodeId);
    const flat = await runScript(this.redis, "pyroNodeSetState", [key], [JSON.stringify(state), this.now()], { key, nodeId }, opts.signal);
    return decodeNode(pairsToObject(flat, key), key)!;
  }

  async remove(nodeId: string, opts: AsyncOptions = {}): Promise<boolean> {
    assertId(nodeId, "nodeId");
    const removed = await withSignal(opts.signal, () => this.redis.del(this.keys.node(nodeId)));
    await withSignal(opts.signal, () => this.redis.srem(this.keys.nodeSet, nodeId));
    // A concurrent upsert may have re-created it between the two commands.
    if ((await withSignal(opts.signal, () => this.redis.exists(this.keys.node(nodeId)))) === 1) {
      await withSignal(opts.signal, () => this.redis.sadd(this.keys.nodeSet, nodeId));
    }
    return removed === 1;
  }
}
