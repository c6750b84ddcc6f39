/**
 * Java `DataOutput.writeUTF` / `DataInput.readUTF` string encoding ("modified UTF-8"):
 * U+0000 becomes `C0 80`, characters above U+FFFF are written as two 3-byte surrogates
 * (CESU-8 style), and the byte count is a uint16 prefix.
 */

/** Encodes `text` as modified UTF-8 without the length prefix. */
export function encodeModifiedUtf8(text: string): Buffer {
  const bytes: number[] = [];
  // Iterate UTF-16 code units on purpose: surrogates are encoded one by one.
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x0001 && c <= 0x007f) {
      bytes.push(c);
    } else if (c <= 0x07ff) {
      bytes.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
    } else {
      bytes.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
    }
  }
  return Buffer.from(bytes);
}

/**
 * Decodes modified UTF-8 bytes. Throws on malformed input (as Java's reader does),
 * including standard 4-byte UTF-8 sequences, which Java rejects.
 */
export function decodeModifiedUtf8(bytes: Uint8Array): string {
  const units: number[] = [];
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if ((b & 0x80) === 0) {
      units.push(b);
      i += 1;
    } else if ((b & 0xe0) === 0xc0) {
      if (i + 1 >= bytes.length || (bytes[i + 1] & 0xc0) !== 0x80) throw new Error("malformed modified UTF-8");
      units.push(((b & 0x1f) << 6) | (bytes[i + 1] & 0x3f));
      i += 2;
    } else if ((b & 0xf0) === 0xe0) {
      if (i + 2 >= bytes.length || (bytes[i + 1] & 0xc0) !== 0x80 || (bytes[i + 2] & 0xc0) !== 0x80) {
        throw new Error("malformed modified UTF-8");
      }
      units.push(((b & 0x0f) << 12) | ((bytes[i + 1] & 0x3f) << 6) | (bytes[i + 2] & 0x3f));
      i += 3;
    } else {
      throw new Error("malformed modified UTF-8");
    }
  }
  let out = "";
  // Chunked to stay below the argument-count limit of String.fromCharCode.
  for (let j = 0; j < units.length; j += 4096) out += String.fromCharCode(...units.slice(j, j + 4096));
  return out;
}
