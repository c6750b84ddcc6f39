/**
 * Reads one nested varint field (e.g. a Connect message's request id) from protobuf bytes that do
 * not decode as a whole (too deep, truncated further on). Only the path to the field is walked, so
 * a message that fails full decoding can still fail just its own command instead of the stream.
 */
import { BinaryReader, WireType } from "@bufbuild/protobuf/wire";

/**
 * The uint64 at `inner` inside the length-delimited field `outer` of `bytes`, or undefined when it
 * cannot be found (absent, or the bytes break before it). Never throws.
 */
export function peekNestedUint64(bytes: Uint8Array, outer: number, inner: number): bigint | undefined {
  try {
    const sub = fieldBytes(new BinaryReader(bytes), outer);
    if (sub === undefined) return undefined;
    const reader = new BinaryReader(sub);
    while (reader.pos < reader.len) {
      const [no, type] = reader.tag();
      if (no === inner && type === WireType.Varint) return BigInt(reader.uint64().toString());
      reader.skip(type, no, 4);
    }
  } catch {
    // Broken bytes before the field: nothing to report.
  }
  return undefined;
}

function fieldBytes(reader: BinaryReader, field: number): Uint8Array | undefined {
  while (reader.pos < reader.len) {
    const [no, type] = reader.tag();
    if (no === field && type === WireType.LengthDelimited) return reader.bytes();
    reader.skip(type, no, 4);
  }
  return undefined;
}
