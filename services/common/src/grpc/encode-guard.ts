/**
 * grpc-js answers INTERNAL "Error serializing response" when a response does not encode (an int64
 * past its range, an int32 fraction) and keeps the cause to itself. Every method's serializer is
 * wrapped so the cause is logged with the method, as the status mapping logs any other INTERNAL;
 * the caller still gets only the generic status.
 */
import type { Logger } from "../logger";
import type { MethodDefinition } from "./call-context";

/** A copy of `definition` whose serializers log why a response failed to encode, then rethrow. */
export function guardSerializers<D extends Record<string, MethodDefinition>>(definition: D, logger: Logger): D {
  const out: Record<string, MethodDefinition> = {};
  for (const [name, def] of Object.entries(definition)) {
    out[name] = {
      ...def,
      responseSerialize(value: unknown): Buffer {
        try {
          return def.responseSerialize(value as never);
        } catch (err) {
          logger.error("response failed to serialize", { method: def.path, err });
          throw err;
        }
      },
    } as MethodDefinition;
  }
  return out as D;
}
