/** Node records in process memory, with the same validation and errors as the Redis backend. */
import { throwIfAborted, type AsyncOptions } from "../abort";
import { NodeNotFoundError } from "./errors";
import { assertId, invalidArgument } from "./fail";
import { reqEnum } from "./json-check";
import type { NodeStore } from "./registry";
import { NODE_STATES, type NodeRecord, type NodeRecordInput, type NodeState } from "./types";
import { validateNodeInput } from "./validate-node";

/** NodeStore in memory. */
export class MemoryNodeStore implements NodeStore {
  private readonly nodes = new Map<string, NodeRecord>();

  constructor(private readonly now: () => number) {}

  async upsert(node: NodeRecordInput, opts: AsyncOptions = {}): Promise<NodeRecord> {
    throwIfAborted(opts.signal);
    const input = validateNodeInput(node, invalidArgument);
    assertId(input.nodeId, "nodeId");
    const rec: NodeRecord = { ...structuredClone(input), updatedAt: this.now() };
    this.nodes.set(rec.nodeId, rec);
    return structuredClone(rec);
  }

  async get(nodeId: string, opts: AsyncOptions = {}): Promise<NodeRecord | null> {
    throwIfAborted(opts.signal);
    assertId(nodeId, "nodeId");
    const rec = this.nodes.get(nodeId);
    return rec ? structuredClone(rec) : null;
  }

  async list(opts: AsyncOptions = {}): Promise<NodeRecord[]> {
    throwIfAborted(opts.signal);
    return [...this.nodes.values()].sort((a, b) => (a.nodeId < b.nodeId ? -1 : 1)).map((r) => structuredClone(r));
  }

  async setState(nodeId: string, state: NodeState, opts: AsyncOptions = {}): Promise<NodeRecord> {
    throwIfAborted(opts.signal);
    assertId(nodeId, "nodeId");
    reqEnum(state, NODE_STATES, "state", invalidArgument);
    const rec = this.nodes.get(nodeId);
    if (!rec) throw new NodeNotFoundError(nodeId);
    rec.state = state;
    rec.updatedAt = this.now();
    return structuredClone(rec);
  }

  async remove(nodeId: string, opts: AsyncOptions = {}): Promise<boolean> {
    throwIfAborted(opts.signal);
    assertId(nodeId, "nodeId");
    return this.nodes.delete(nodeId);
  }
}
