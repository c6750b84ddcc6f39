/** Pure pieces of @pyro/client: jittered backoff, identifiers, Plain conversion, event payloads, presets. */
import { backoffDelayMs, eventPayload, FILTER_PRESETS, hasScheme, isFilterPreset, toIdentifier, toPlain, toSearchResult } from "../../../clients/ts/src";
import { closest, editDistance } from "../../../services/cli/did-you-mean";
import { parsePositionMs } from "../../../services/cli/commands/player-verbs";

describe("@pyro/client helpers", () => {
  it("backoff is full jitter under an exponential ceiling capped at capMs", () => {
    expect([0, 1, 2, 10].map((a) => backoffDelayMs(a, { random: () => 0.999999 }))).toEqual([99, 199, 399, 4999]);
    expect(backoffDelayMs(5, { random: () => 0 })).toBe(0);
    const many = new Set(Array.from({ length: 50 }, () => backoffDelayMs(6)));
    expect(many.size).toBeGreaterThan(10); // shards reconnecting together spread out
  });

  it("leaves URLs and identifiers with a scheme alone and searches plain text on the source", () => {
    expect(toIdentifier("https://example.com/a.mp3")).toBe("https://example.com/a.mp3");
    expect(toIdentifier("emulator:x:1000")).toBe("emulator:x:1000");
    expect(toIdentifier("never gonna")).toBe("ytsearch:never gonna");
    expect(toIdentifier("lofi", "soundcloud")).toBe("scsearch:lofi");
    expect(toIdentifier("lofi", "bcsearch")).toBe("bcsearch:lofi");
    expect([hasScheme("a b"), hasScheme("ytsearch:a")]).toEqual([false, true]);
  });

  it("Plain form: bigints become numbers (Infinity past 2^53), so JSON.stringify works", () => {
    const plain = toPlain({ version: 2n, info: { lengthMs: 9223372036854775807n, positionMs: 1500n }, at: new Date(0), list: [1n] });
    expect(plain).toEqual({ version: 2, info: { lengthMs: Infinity, positionMs: 1500 }, at: new Date(0), list: [1] });
    expect(JSON.stringify(plain)).toBe('{"version":2,"info":{"lengthMs":null,"positionMs":1500},"at":"1970-01-01T00:00:00.000Z","list":[1]}');
    const r = toSearchResult({ result: { result: { $case: "empty", value: {} } }, nodeId: "n" });
    expect(r).toEqual({ loadType: "empty", tracks: [] });
  });

  it("an event payload carries the kind's fields plus guild, node, replay and guildSequence", () => {
    const p = eventPayload({ sequence: 4n, timestamp: new Date(0), guildId: "1", nodeId: "n", replay: true, guildSequence: 9n, kind: { $case: "queueEnded", value: { version: 7n } } });
    expect(p).toEqual({ kind: "queueEnded", version: 7, guildId: "1", nodeId: "n", timestamp: new Date(0), replay: true, guildSequence: 9 });
  });

  it("presets are partial filter sets", () => {
    expect(isFilterPreset("nightcore") && isFilterPreset("8d") && !isFilterPreset("loud")).toBe(true);
    expect(Object.keys(FILTER_PRESETS.nightcore)).toEqual(["timescale"]);
  });

  it("CLI: did-you-mean and seek positions", () => {
    expect(editDistance("pauze", "pause")).toBe(1);
    expect(closest("pauze", ["pause", "play", "players"])).toBe("pause");
    expect(closest("xyz", ["pause", "play"])).toBeUndefined();
    expect(closest("uncord", ["uncordon", "cordon"])).toBe("uncordon");
    expect([parsePositionMs("1:30"), parsePositionMs("1:02:03"), parsePositionMs("90s"), parsePositionMs("1500")]).toEqual([90000, 3723000, 90000, 1500]);
  });
});
