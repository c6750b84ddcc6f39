/**
 * Pub/sub in process memory over an EventEmitter. Delivery is asynchronous (next macrotask), like Redis,
 * so a publisher never runs subscriber code inside its own call; payloads are copied per delivery.
 */
import { EventEmitter } from "node:events";
import { throwIfAborted, type AsyncOptions } from "../abort";
import { assertId, invalidArgument } from "./fail";
import { reqJsonValue } from "./json-check";
import type { EventBus, Subscription } from "./registry";
import { createSubscription } from "./subscription";
import type { JsonValue, NodeDeath } from "./types";

const DEATHS = "\0node-deaths";

/** EventBus in memory. */
export class MemoryEventBus implements EventBus {
  private readonly emitter = new EventEmitter();

  constructor(
    private readonly now: () => number,
    private readonly onError: (err: unknown) => void,
  ) {
    this.emitter.setMaxListeners(0);
  }

  async publishNodeDeath(nodeId: string, reason: string, opts: AsyncOptions = {}): Promise<void> {
    throwIfAborted(opts.signal);
    assertId(nodeId, "nodeId");
    this.emit(DEATHS, { nodeId, reason: String(reason), at: this.now() });
  }

  async subscribeNodeDeaths(handler: (death: NodeDeath) => void, opts: AsyncOptions = {}): Promise<Subscription> {
    return this.listen<NodeDeath>(DEATHS, handler, opts);
  }

  async publish(channel: string, payload: JsonValue, opts: AsyncOptions = {}): Promise<void> {
    throwIfAborted(opts.signal);
    assertId(channel, "channel");
    this.emit(channel, reqJsonValue(payload, "payload", invalidArgument));
  }

  async subscribe(channel: string, handler: (payload: JsonValue) => void, opts: AsyncOptions = {}): Promise<Subscription> {
    assertId(channel, "channel");
    return this.listen<JsonValue>(channel, handler, opts);
  }

  /** Drops every subscriber. */
  close(): void {
    this.emitter.removeAllListeners();
  }

  private emit(channel: string, payload: JsonValue | NodeDeath): void {
    // Serialise now so later mutation by the publisher cannot leak into delivery.
    const json = JSON.stringify(payload);
    setImmediate(() => this.emitter.emit(channel, json));
  }

  private listen<T>(channel: string, handler: (v: T) => void, opts: AsyncOptions): Subscription {
    throwIfAborted(opts.signal);
    const listener = (json: string): void => {
      try {
        handler(JSON.parse(json) as T);
      } catch (err) {
        this.onError(err);
      }
    };
    this.emitter.on(channel, listener);
    return createSubscription(async () => void this.emitter.off(channel, listener), opts.signal);
  }
}
