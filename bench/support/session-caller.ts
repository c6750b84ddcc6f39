/**
 * A benchmark caller on the Router's bidirectional `Session` stream: one open stream (on its own
 * channel) that many concurrent callers share, each command correlated with its result by request
 * id. Honours backpressure: a `write()` that returns false holds later writes until `drain`.
 */
import * as grpc from "@grpc/grpc-js";
import { RouterServiceClient } from "../../gen/ts/pyro/router/v1/router_service";
import type { SessionCommand, SessionCommandResult, SessionRequest, SessionResponse } from "../../gen/ts/pyro/router/v1/session";

/** An open Session stream. */
export interface SessionCaller {
  /** Sends one command; resolves with its result, rejects when the result is an error or the stream ends. */
  call(command: NonNullable<SessionCommand["command"]>): Promise<SessionCommandResult>;
  close(): void;
}

/** Opens a Session stream to the Router at `address` (insecure). */
export function openSessionCaller(address: string): SessionCaller {
  const client = new RouterServiceClient(address, grpc.credentials.createInsecure(), { "grpc.enable_channelz": 0 });
  const stream = client.session() as grpc.ClientDuplexStream<SessionRequest, SessionResponse>;
  const pending = new Map<bigint, { resolve: (r: SessionCommandResult) => void; reject: (e: Error) => void }>();
  let nextId = 1n;
  let broken: Error | undefined;
  let drained: Promise<void> | undefined;
  stream.on("data", (msg: SessionResponse) => {
    if (msg.kind?.$case !== "commandResult") return;
    const r = msg.kind.value;
    const p = pending.get(r.requestId);
    if (!p) return;
    pending.delete(r.requestId);
    if (r.result?.$case === "error") p.reject(new Error(`session command failed: ${r.result.value.code} ${r.result.value.message}`));
    else p.resolve(r);
  });
  const fail = (err: Error): void => {
    broken = err;
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  stream.on("error", (err) => fail(err));
  stream.on("end", () => fail(new Error("session stream ended")));
  return {
    async call(command) {
      if (broken) throw broken;
      const requestId = nextId++;
      const result = new Promise<SessionCommandResult>((resolve, reject) => pending.set(requestId, { resolve, reject }));
      while (drained) await drained;
      if (!stream.write({ kind: { $case: "command", value: { requestId, command } } })) {
        drained = new Promise<void>((resolve) => stream.once("drain", () => { drained = undefined; resolve(); }));
      }
      return result;
    },
    close() {
      stream.cancel();
      client.close();
    },
  };
}
