/**
 * Decoders for the long-lived Router <-> Lavanode stream that never throw. grpc-js ends a whole
 * stream when one message fails to decode; wrapped, a message that does not decode (nested past
 * the protobuf decoder's limit, corrupt) becomes a marked placeholder carrying its request id
 * (read with `peekNestedUint64`), so the receiver fails that one command or drops that one event.
 */
import { peekNestedUint64 } from "./peek-field";

const UNDECODABLE = Symbol("pyro.undecodable");

/** Why a message did not decode, and its request id when one could be read. */
export interface Undecodable {
  requestId: bigint | undefined;
  reason: string;
}

/** The marker's details when `msg` is a placeholder for undecodable bytes, else undefined. */
export function undecodable(msg: object): Undecodable | undefined {
  return (msg as { [UNDECODABLE]?: Undecodable })[UNDECODABLE];
}

/**
 * Wraps `decode`: bytes that do not decode give `placeholder` marked with the reason and the
 * uint64 at `idPath` (outer length-delimited field, inner varint field). Never throws.
 */
export function tolerantDecoder<T extends object>(decode: (bytes: Buffer) => T, placeholder: () => T, idPath: [outer: number, inner: number]): (bytes: Buffer) => T {
  return (bytes) => {
    try {
      return decode(bytes);
    } catch (err) {
      const marked = placeholder() as T & { [UNDECODABLE]: Undecodable };
      marked[UNDECODABLE] = { requestId: peekNestedUint64(bytes, idPath[0], idPath[1]), reason: (err as Error).message };
      return marked;
    }
  };
}
