import { decodeModifiedUtf8, encodeModifiedUtf8 } from "./modified-utf8";

/** The fields of a track that live in lavaplayer's encoded-track blob. */
export interface TrackFields {
  title: string;
  author: string;
  /** Track length in ms; `LONG_MAX` for streams (kept as bigint to stay exact). */
  length: bigint;
  identifier: string;
  isStream: boolean;
  uri: string | null;
  artworkUrl: string | null;
  isrc: string | null;
  sourceName: string;
  /** Source-specific payload written after `sourceName` (opaque; http/local: one UTF probe string). */
  sourceData: Buffer;
}

/** A decoded blob: the fields plus the trailing start position and the message version. */
export interface DecodedTrack extends TrackFields {
  position: bigint;
  version: number;
}

/** `Long.MAX_VALUE`, the length lavaplayer reports for streams. */
export const LONG_MAX = 9223372036854775807n;

const VERSIONED_FLAG = 1 << 30;
const SIZE_MASK = 0x3fffffff;

/** Thrown for any blob that cannot be decoded (bad base64, truncated, bad strings). */
export class TrackDecodeError extends Error {}

class BlobWriter {
  private readonly parts: Buffer[] = [];
  u8(v: number): void {
    this.parts.push(Buffer.from([v & 0xff]));
  }
  i64(v: bigint): void {
    const b = Buffer.alloc(8);
    b.writeBigInt64BE(BigInt.asIntN(64, v));
    this.parts.push(b);
  }
  utf(text: string): void {
    const body = encodeModifiedUtf8(text);
    if (body.length > 0xffff) throw new RangeError(`string too long for writeUTF (${body.length} bytes)`);
    const len = Buffer.alloc(2);
    len.writeUInt16BE(body.length);
    this.parts.push(len, body);
  }
  nullableUtf(text: string | null): void {
    this.u8(text === null ? 0 : 1);
    if (text !== null) this.utf(text);
  }
  raw(b: Buffer): void {
    this.parts.push(b);
  }
  bytes(): Buffer {
    return Buffer.concat(this.parts);
  }
}

class BlobReader {
  constructor(private readonly buf: Buffer, private readonly end: number, private at = 0) {}
  private need(n: number): void {
    if (this.at + n > this.end) throw new TrackDecodeError("truncated track data");
  }
  get offset(): number {
    return this.at;
  }
  u8(): number {
    this.need(1);
    return this.buf[this.at++];
  }
  i64(): bigint {
    this.need(8);
    const v = this.buf.readBigInt64BE(this.at);
    this.at += 8;
    return v;
  }
  utf(): string {
    this.need(2);
    const len = this.buf.readUInt16BE(this.at);
    this.at += 2;
    this.need(len);
    const s = this.buf.subarray(this.at, this.at + len);
    this.at += len;
    try {
      return decodeModifiedUtf8(s);
    } catch (e) {
      throw new TrackDecodeError((e as Error).message);
    }
  }
  nullableUtf(): string | null {
    return this.u8() !== 0 ? this.utf() : null;
  }
}

/**
 * Encodes a track as lavaplayer's message (version 3, versioned flag set) in standard padded base64.
 * `position` (ms) goes into the trailing int64. Throws RangeError when a string exceeds 65535 bytes.
 */
export function encodeTrack(fields: TrackFields, position: bigint | number = 0n): string {
  const w = new BlobWriter();
  w.u8(3);
  w.utf(fields.title);
  w.utf(fields.author);
  w.i64(fields.length);
  w.utf(fields.identifier);
  w.u8(fields.isStream ? 1 : 0);
  w.nullableUtf(fields.uri);
  w.nullableUtf(fields.artworkUrl);
  w.nullableUtf(fields.isrc);
  w.utf(fields.sourceName);
  w.raw(fields.sourceData);
  w.i64(BigInt(position));
  const body = w.bytes();
  const header = Buffer.alloc(4);
  header.writeUInt32BE((body.length | VERSIONED_FLAG) >>> 0);
  return Buffer.concat([header, body]).toString("base64");
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Decodes a blob of version 1, 2 or 3. Everything between `sourceName` and the last 8 bytes of the
 * message is returned as opaque `sourceData`. Throws TrackDecodeError on any malformed input.
 */
export function decodeTrack(encoded: string): DecodedTrack {
  if (!BASE64.test(encoded)) throw new TrackDecodeError("invalid base64");
  const buf = Buffer.from(encoded, "base64");
  if (buf.length < 4) throw new TrackDecodeError("truncated track data");
  const header = buf.readUInt32BE(0);
  const flags = header >>> 30;
  const size = header & SIZE_MASK;
  if (4 + size > buf.length) throw new TrackDecodeError("truncated track data");
  const end = 4 + size;
  const r = new BlobReader(buf, end, 4);
  const version = (flags & 1) !== 0 ? r.u8() : 1;
  if (version < 1 || version > 3) throw new TrackDecodeError(`unsupported track version ${version}`);
  const title = r.utf();
  const author = r.utf();
  const length = r.i64();
  const identifier = r.utf();
  const isStream = r.u8() !== 0;
  const uri = version >= 2 ? r.nullableUtf() : null;
  const artworkUrl = version >= 3 ? r.nullableUtf() : null;
  const isrc = version >= 3 ? r.nullableUtf() : null;
  const sourceName = r.utf();
  if (end - r.offset < 8) throw new TrackDecodeError("truncated track data");
  const sourceData = Buffer.from(buf.subarray(r.offset, end - 8));
  const position = buf.readBigInt64BE(end - 8);
  return { title, author, length, identifier, isStream, uri, artworkUrl, isrc, sourceName, sourceData, position, version };
}

/** Builds the http/local source payload: one UTF string holding the probe info (e.g. `mp3`). */
export function probeInfoPayload(probeInfo: string): Buffer {
  const w = new BlobWriter();
  w.utf(probeInfo);
  return w.bytes();
}

/** Reads the probe info from an http/local payload; null when absent or malformed. */
export function readProbeInfo(sourceData: Buffer): string | null {
  try {
    return new BlobReader(sourceData, sourceData.length).utf();
  } catch {
    return null;
  }
}
