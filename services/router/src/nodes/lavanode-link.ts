/**
 * The Router's long-lived connection to one Lavanode: a bidirectional Connect stream that carries
 * player commands (correlated by request id) and brings back Lavalink events, player updates,
 * stats and node status. The stream is reopened with backoff when it breaks; commands in flight
 * when it breaks fail with UNAVAILABLE (the caller may retry: the epoch makes retries safe).
 * The node repeats its status every second, so `answering()` tells a live node from a frozen one
 * whose TCP connection merely stays open.
 */
import * as grpc from "@grpc/grpc-js";
import { EventEmitter } from "node:events";
import { context, propagation } from "@opentelemetry/api";
import { delay } from "../../../common/src/abort";
import { RemoteStatusError } from "../../../common/src/grpc/remote-error";
import type { Logger } from "../../../common/src/logger";
import { createLavanodeClient } from "./lavanode-client";
import { undecodable } from "../../../common/src/grpc/tolerant-decode";
import {
  type LavanodeServiceClient,
  type Command,
  type CommandResult,
  type ConnectRequest,
  type ConnectResponse,
  type PlayerParkedNotice,
  type NodeStatus,
} from "../../../../gen/ts/pyro/lavanode/v1/lavanode";
import type { LavalinkEvent, PlayerUpdate } from "../../../../gen/ts/pyro/lavalink/v1/events";
import type { Stats } from "../../../../gen/ts/pyro/lavalink/v1/stats";

/** Events of a link; `epoch` is the epoch the node holds for the guild. */
export interface LavanodeLinkEvents {
  event: [LavalinkEvent, bigint];
  playerUpdate: [PlayerUpdate, bigint];
  stats: [Stats];
  status: [NodeStatus];
  /** The node parked a player its Lavalink keeps refusing, and the epoch it holds for it. */
  parked: [PlayerParkedNotice, bigint];
  /** The stream is open (after hello). */
  connected: [];
  /** The stream broke; it will be reopened unless the link is closed. */
  disconnected: [Error];
}

/** Options of a link. */
export interface LavanodeLinkOptions {
  nodeId: string;
  address: string;
  routerId: string;
  logger: Logger;
  /** Presented on every call (`authorization: Bearer`); Lavanodes refuse calls without it. */
  clusterToken: string;
  credentials?: grpc.ChannelCredentials;
  /** Default timeout of a command in ms; default 15000. */
  commandTimeoutMs?: number;
}

type CommandAction = Command["action"];

/** Interval of the Router's heartbeat on every Connect stream, in ms (the node's self-fencing listens for it). */
export const ROUTER_HEARTBEAT_MS = 1000;

/** A node silent on its stream for this long (3 heartbeats) is not answering, in ms. */
export const ANSWERING_WINDOW_MS = 3000;

interface Pending {
  resolve: (r: CommandResult) => void;
  reject: (e: Error) => void;
  /** Clears the timeout and removes the abort listener; runs exactly once per command, on any outcome. */
  settle: () => void;
}

/** True when two statuses describe the same session state (a heartbeat repeats its status). */
function sameStatus(a: NodeStatus, b: NodeStatus): boolean {
  return a.sessionOpen === b.sessionOpen && a.sessionId === b.sessionId && a.resumed === b.resumed
    && a.since?.getTime() === b.since?.getTime() && a.lavalinkVersion === b.lavalinkVersion;
}

/** A connection to one Lavanode. */
export class LavanodeLink extends EventEmitter<LavanodeLinkEvents> {
  /** Unary client for cold paths (load, decode, info, route planner). */
  readonly client: LavanodeServiceClient;
  private stream: grpc.ClientDuplexStream<ConnectRequest, ConnectResponse> | undefined;
  private readonly pending = new Map<bigint, Pending>();
  private nextId = 1n;
  private readonly lifetime = new AbortController();
  private open = false;
  private lastStatus: NodeStatus | undefined;
  private lastHeardAt = -Infinity; // performance.now() of the last message on the stream

  constructor(private readonly o: LavanodeLinkOptions) {
    super();
    this.setMaxListeners(0);
    this.client = createLavanodeClient({ address: o.address, clusterToken: o.clusterToken, credentials: o.credentials });
  }

  get nodeId(): string {
    return this.o.nodeId;
  }

  get address(): string {
    return this.o.address;
  }

  /** True while the Connect stream is open. */
  get connected(): boolean {
    return this.open;
  }

  /**
   * True while the stream is open and the node sent something within `windowMs` (monotonic clock):
   * the node is alive, whatever its lease in the registry says.
   */
  answering(windowMs = ANSWERING_WINDOW_MS): boolean {
    return this.open && performance.now() - this.lastHeardAt < windowMs;
  }

  /** Latest node status received, if any. */
  get status(): NodeStatus | undefined {
    return this.lastStatus;
  }

  /** Opens the stream and keeps it open until `close`. */
  start(): void {
    void this.run();
  }

  private async run(): Promise<void> {
    let attempt = 0;
    while (!this.lifetime.signal.aborted) {
      const broke = await this.openOnce(() => { attempt = 0; });
      if (this.lifetime.signal.aborted) return;
      this.emit("disconnected", broke);
      const wait = Math.min(2000, 50 * 2 ** Math.min(attempt++, 6)) * (0.5 + Math.random() / 2);
      await delay(wait, { signal: this.lifetime.signal }).catch(() => undefined);
    }
  }

  /** Runs one stream until it ends; resolves with the reason. */
  private openOnce(onOpen: () => void): Promise<Error> {
    return new Promise((resolve) => {
      const stream = this.client.connect();
      this.stream = stream;
      let opened = false;
      // Tells the node this Router still hears it (a node cut off from every Router fences itself).
      const beat = setInterval(() => {
        if (!stream.writableNeedDrain) stream.write({ kind: { $case: "heartbeat", value: {} } });
      }, ROUTER_HEARTBEAT_MS);
      const finish = (err: Error): void => {
        clearInterval(beat);
        if (this.stream === stream) this.stream = undefined;
        this.open = false;
        this.failPending(err);
        resolve(err);
      };
      stream.on("data", (msg: ConnectResponse) => {
        this.lastHeardAt = performance.now();
        if (!opened) {
          opened = true;
          this.lastStatus = undefined; // a new stream's first status is always news
          this.open = true;
          onOpen();
          this.emit("connected");
        }
        this.dispatch(msg);
      });
      stream.on("error", (err) => finish(err));
      stream.on("end", () => finish(new RemoteStatusError(grpc.status.UNAVAILABLE, `lavanode ${this.o.nodeId} closed the stream`)));
      stream.write({ kind: { $case: "hello", value: { routerId: this.o.routerId, heartbeatIntervalMs: ROUTER_HEARTBEAT_MS } } });
    });
  }

  private dispatch(msg: ConnectResponse): void {
    const bad = undecodable(msg);
    if (bad) return this.dropUndecodable(bad.requestId, bad.reason);
    const k = msg.kind;
    switch (k?.$case) {
      case "commandResult": {
        const p = this.pending.get(k.value.requestId);
        if (!p) return;
        this.pending.delete(k.value.requestId);
        p.settle();
        p.resolve(k.value);
        return;
      }
      case "event":
        this.emit("event", k.value, msg.epoch);
        return;
      case "playerUpdate":
        this.emit("playerUpdate", k.value, msg.epoch);
        return;
      case "stats":
        this.emit("stats", k.value);
        return;
      case "playerParked":
        this.emit("parked", k.value, msg.epoch);
        return;
      case "nodeStatus": {
        const prev = this.lastStatus;
        this.lastStatus = k.value;
        // The node repeats an unchanged status as its heartbeat: only a change is news.
        if (prev && sameStatus(prev, k.value)) return;
        this.emit("status", k.value);
        return;
      }
    }
  }

  /** One message did not decode: its command fails (DATA_LOSS), or the event is dropped; the stream stays up. */
  private dropUndecodable(requestId: bigint | undefined, reason: string): void {
    this.o.logger.warn("undecodable message from lavanode dropped", { nodeId: this.o.nodeId, requestId: requestId?.toString(), reason });
    const p = requestId === undefined ? undefined : this.pending.get(requestId);
    if (!p || requestId === undefined) return;
    this.pending.delete(requestId);
    p.settle();
    p.reject(new RemoteStatusError(grpc.status.DATA_LOSS, `lavanode ${this.o.nodeId} answered with a message that does not decode`));
  }

  private failPending(err: Error): void {
    const unavailable = new RemoteStatusError(grpc.status.UNAVAILABLE, `lavanode ${this.o.nodeId} unreachable: ${(err as grpc.ServiceError).details ?? err.message}`);
    for (const [id, p] of this.pending) {
      p.settle();
      p.reject(unavailable);
      this.pending.delete(id);
    }
  }

  /**
   * Sends a command and resolves with the node's result. A CommandError becomes a thrown
   * RemoteStatusError with the node's code, message and field.
   */
  async command(guildId: string, epoch: number, action: CommandAction, { signal, timeoutMs }: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<CommandResult> {
    const stream = this.stream;
    if (!stream || !this.open) throw new RemoteStatusError(grpc.status.UNAVAILABLE, `lavanode ${this.o.nodeId} is not connected`);
    const requestId = this.nextId++;
    const result = await new Promise<CommandResult>((resolve, reject) => {
      // A caller's signal often outlives many commands (a Session stream): the listener must go
      // when the command settles, or every command leaves a closure on it.
      const onAbort = (): void => {
        if (!this.pending.delete(requestId)) return;
        settle();
        reject(new RemoteStatusError(grpc.status.CANCELLED, "cancelled"));
      };
      const settle = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
      };
      const timer = setTimeout(() => {
        this.pending.delete(requestId);
        settle();
        reject(new RemoteStatusError(grpc.status.DEADLINE_EXCEEDED, `lavanode ${this.o.nodeId} did not answer in time`));
      }, timeoutMs ?? this.o.commandTimeoutMs ?? 15000);
      this.pending.set(requestId, { resolve, reject, settle });
      signal?.addEventListener("abort", onAbort, { once: true });
      // The stream outlives any one RPC, so each command carries its caller's trace context.
      const traceContext: Record<string, string> = {};
      propagation.inject(context.active(), traceContext);
      stream.write({ kind: { $case: "command", value: { requestId, guildId, epoch: BigInt(epoch), action, traceContext } } });
    });
    if (result.result?.$case === "error") {
      const e = result.result.value;
      throw new RemoteStatusError(e.code as grpc.status, e.message, e.field || undefined);
    }
    return result;
  }

  /** Closes the stream and the channel; pending commands fail with UNAVAILABLE. */
  close(): void {
    this.lifetime.abort();
    this.stream?.cancel();
    this.failPending(new Error("link closed"));
    this.client.close();
  }
}
