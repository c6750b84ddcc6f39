/**
 * Turns a grpc-js request stream into an async iterable that handlers may stop reading at any
 * time. Iterating the call object directly would destroy it when a handler leaves its loop early
 * (an invalid message, a failed command), and a destroyed call never sends its status, so the
 * client would hang. Requests are buffered up to `maxBuffered`; a client that sends faster than
 * the handler reads past that bound gets RESOURCE_EXHAUSTED.
 */
import type { Readable } from "node:stream";
import { createAsyncQueue } from "../async-queue";

/** Buffers `call`'s messages into an async iterable that never destroys `call`. */
export function requestStream<T>(call: Readable, maxBuffered = 10000): AsyncIterable<T> {
  const queue = createAsyncQueue<T>({ maxSize: maxBuffered });
  call.on("data", (message: T) => void queue.push(message));
  call.on("end", () => queue.close());
  call.on("error", (err: Error) => queue.close(err));
  call.on("close", () => queue.close());
  return queue;
}
