import { decodeModifiedUtf8, encodeModifiedUtf8 } from "./modified-utf8";
import { decodeTrack, encodeTrack, LONG_MAX, probeInfoPayload, TrackDecodeError, TrackFields } from "./track-codec";

const hex = (...parts: string[]): Buffer => Buffer.from(parts.join("").replace(/\s+/g, ""), "hex");
const ascii = (s: string): string => Buffer.from(s, "latin1").toString("hex");

// Reference 4.3 worked example: v3, http source, probe "mp3", title T, author A, length 1000.
const REFERENCE_B64 = "QAAASAMAAVQAAUEAAAAAAAAD6AAPaHR0cHM6Ly94L2EubXAzAAEAD2h0dHBzOi8veC9hLm1wMwAAAARodHRwAANtcDMAAAAAAAAAAA==";
const referenceFields: TrackFields = {
  title: "T", author: "A", length: 1000n, identifier: "https://x/a.mp3", isStream: false, uri: "https://x/a.mp3",
  artworkUrl: null, isrc: null, sourceName: "http", sourceData: probeInfoPayload("mp3"),
};

// Built by hand from the byte layout: non-ASCII title and author, artworkUrl + isrc present, uri absent.
const UNICODE_BYTES = hex(
  "40000049", "03",
  "000c", "436166c3a920", "eda0bdedb880", // "Café 😀": é = C3 A9, U+1F600 as two 3-byte surrogates
  "0002", "c384", // "Ä"
  "00000000000003e8", // length 1000
  "0001", "78", // identifier "x"
  "00", // isStream false
  "00", // uri null
  "01", "000f", ascii("https://a/b.jpg"),
  "01", "0003", ascii("USX"),
  "0007", ascii("youtube"),
  "0000000000001388", // position 5000
);
const unicodeFields: TrackFields = {
  title: "Café 😀", author: "Ä", length: 1000n, identifier: "x", isStream: false, uri: null,
  artworkUrl: "https://a/b.jpg", isrc: "USX", sourceName: "youtube", sourceData: Buffer.alloc(0),
};

describe("modified UTF-8", () => {
  it("writes supplementary characters as 6-byte surrogate pairs and U+0000 as C0 80", () => {
    expect(encodeModifiedUtf8("a😀").toString("hex")).toBe("61eda0bdedb880");
    expect(encodeModifiedUtf8("\u0000").toString("hex")).toBe("c080");
    expect(decodeModifiedUtf8(hex("61eda0bdedb880"))).toBe("a😀");
    expect(decodeModifiedUtf8(hex("c080"))).toBe("\u0000");
  });

  it("rejects standard 4-byte UTF-8 as Java's reader does", () => {
    expect(() => decodeModifiedUtf8(Buffer.from("😀", "utf8"))).toThrow();
  });
});

describe("encoded track format", () => {
  it("encodes the reference's worked example byte for byte", () => {
    expect(encodeTrack(referenceFields, 0n)).toBe(REFERENCE_B64);
  });

  it("decodes the reference's worked example", () => {
    const d = decodeTrack(REFERENCE_B64);
    expect(d).toMatchObject({ ...referenceFields, sourceData: expect.any(Buffer), position: 0n, version: 3 });
    expect(d.sourceData.equals(probeInfoPayload("mp3"))).toBe(true);
  });

  it("round-trips a non-ASCII title with optional fields present and absent", () => {
    const encoded = encodeTrack(unicodeFields, 5000n);
    expect(Buffer.from(encoded, "base64").equals(UNICODE_BYTES)).toBe(true);
    expect(encoded.startsWith("QAAA")).toBe(true);
    const d = decodeTrack(UNICODE_BYTES.toString("base64"));
    expect(d.title).toBe("Café 😀");
    expect(d.author).toBe("Ä");
    expect(d.uri).toBeNull();
    expect(d.artworkUrl).toBe("https://a/b.jpg");
    expect(d.isrc).toBe("USX");
    expect(d.position).toBe(5000n);
    expect(encodeTrack(d, d.position)).toBe(encoded);
  });

  it("decodes version 2 (uri, no artwork/isrc) and version 1 (no version byte, no uri)", () => {
    const v2 = hex("4000002c", "02", "0001", ascii("T"), "0001", ascii("A"), "00000000000003e8", "0001", ascii("i"),
      "00", "01", "0005", ascii("u://x"), "0007", ascii("youtube"), "0000000000000007");
    expect(v2.length - 4).toBe(0x2c);
    expect(decodeTrack(v2.toString("base64"))).toMatchObject({ version: 2, uri: "u://x", artworkUrl: null, isrc: null, position: 7n });
    const v1 = hex("00000021", "0001", ascii("T"), "0001", ascii("A"), "00000000000003e8", "0001", ascii("i"), "01",
      "0005", ascii("local"), "0000000000000000");
    expect(v1.length - 4).toBe(0x21);
    expect(decodeTrack(v1.toString("base64"))).toMatchObject({ version: 1, isStream: true, uri: null, sourceName: "local" });
  });

  it("keeps a stream's Long.MAX length exact", () => {
    const d = decodeTrack(encodeTrack({ ...unicodeFields, isStream: true, length: LONG_MAX }));
    expect(d.length).toBe(LONG_MAX);
  });

  it("rejects bad base64 and truncated blobs", () => {
    expect(() => decodeTrack("not base64!")).toThrow(TrackDecodeError);
    expect(() => decodeTrack(REFERENCE_B64.slice(0, 40))).toThrow(TrackDecodeError);
    const truncated = Buffer.from(REFERENCE_B64, "base64").subarray(0, 30).toString("base64");
    expect(() => decodeTrack(truncated)).toThrow(TrackDecodeError);
  });
});
