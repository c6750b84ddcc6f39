/**
 * Reads the source manager name (`info.sourceName`) out of an encoded Lavalink track without a
 * Lavalink call, so placement can tell which nodes can play it. Lavaplayer's track message is a
 * 4-byte header (2 flag bits, 30 size bits; flag 1 = a version byte follows), then title, author
 * (UTF: u16 length + bytes), length (i64), identifier (UTF), isStream (u8), for version ≥ 2 a
 * nullable uri (u8 present + UTF), for version 3 nullable artworkUrl and isrc, then sourceName.
 * Only lengths of the other strings are read, so their modified-UTF-8 encoding does not matter.
 */

/** The track's `sourceName`, or undefined when the blob is not a readable Lavaplayer track message. */
export function trackSourceName(encoded: string): string | undefined {
  let buf: Buffer;
  try {
    buf = Buffer.from(encoded, "base64");
  } catch {
    return undefined;
  }
  if (buf.length < 4) return undefined;
  const header = buf.readUInt32BE(0);
  const end = 4 + (header & 0x3fffffff);
  if (end > buf.length) return undefined;
  let at = 4;
  const need = (n: number): boolean => at + n <= end;
  const skipUtf = (): boolean => {
    if (!need(2)) return false;
    const len = buf.readUInt16BE(at);
    at += 2;
    if (!need(len)) return false;
    at += len;
    return true;
  };
  const skipNullableUtf = (): boolean => {
    if (!need(1)) return false;
    return buf[at++] === 0 ? true : skipUtf();
  };
  let version = 1;
  if ((header >>> 30) & 1) {
    if (!need(1)) return undefined;
    version = buf[at++]!;
  }
  if (version < 1 || version > 3) return undefined;
  if (!skipUtf() || !skipUtf() || !need(8)) return undefined;
  at += 8;
  if (!skipUtf() || !need(1)) return undefined;
  at += 1;
  if (version >= 2 && !skipNullableUtf()) return undefined;
  if (version >= 3 && (!skipNullableUtf() || !skipNullableUtf())) return undefined;
  if (!need(2)) return undefined;
  const len = buf.readUInt16BE(at);
  at += 2;
  if (!need(len)) return undefined;
  return buf.subarray(at, at + len).toString("utf8");
}
