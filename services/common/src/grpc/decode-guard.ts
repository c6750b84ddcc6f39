/**
 * grpc-js answers INTERNAL when a request's bytes do not decode. That is the caller's bad input,
 * so every method's deserializer is wrapped: a decode failure becomes a marker object, and the
 * service adapter turns the marker into INVALID_ARGUMENT naming the request message.
 */
import { InvalidArgumentError } from "../errors";
import type { MethodDefinition } from "./call-context";

const DECODE_FAILURE = Symbol("pyro.decodeFailure");

/** What a wrapped deserializer returns for undecodable bytes. */
interface DecodeFailure {
  [DECODE_FAILURE]: string;
}

function isDecodeFailure(v: unknown): v is DecodeFailure {
  return typeof v === "object" && v !== null && DECODE_FAILURE in v;
}

/** Message name of a method's request, from its path and the definition (best effort). */
function requestName(path: string): string {
  const method = path.slice(path.lastIndexOf("/") + 1);
  return `${method}Request`;
}

/** A copy of `definition` whose deserializers never throw. */
export function guardDeserializers<D extends Record<string, MethodDefinition>>(definition: D): D {
  const out: Record<string, MethodDefinition> = {};
  for (const [name, def] of Object.entries(definition)) {
    out[name] = {
      ...def,
      requestDeserialize(bytes: Buffer): unknown {
        try {
          return def.requestDeserialize(bytes);
        } catch (err) {
          return { [DECODE_FAILURE]: (err as Error).message } satisfies DecodeFailure;
        }
      },
    } as MethodDefinition;
  }
  return out as D;
}

/** Throws INVALID_ARGUMENT when `request` is a decode-failure marker. */
export function assertDecoded(request: unknown, path: string): void {
  if (isDecodeFailure(request)) {
    throw new InvalidArgumentError("request", `is not a valid ${requestName(path)} message (${request[DECODE_FAILURE]})`);
  }
}

/** Wraps a request stream so a decode-failure marker ends it with INVALID_ARGUMENT. */
export async function* checkedStream<T>(requests: AsyncIterable<T>, path: string): AsyncIterable<T> {
  for await (const r of requests) {
    assertDecoded(r, path);
    yield r;
  }
}
