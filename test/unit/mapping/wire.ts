// Protobuf wire round trip: proves a mapped message is encodable (int64 range, Struct values) and that
// decoding gives back what the mapping produced.
import type { BinaryReader, BinaryWriter } from "@bufbuild/protobuf/wire";

interface Codec<T> { encode(message: T, writer?: BinaryWriter): BinaryWriter; decode(input: BinaryReader | Uint8Array): T }

/** Encodes and decodes `message` with its generated codec. */
export function viaWire<T>(codec: Codec<T>, message: T): T {
  return codec.decode(codec.encode(message).finish());
}
