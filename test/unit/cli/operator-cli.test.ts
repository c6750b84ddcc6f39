/** Pure pieces of the operator CLI: argument splitting, tables, durations, event lines, track choice. */
import { ConfigError } from "../../../services/common/src/config/flags";
import { OPERATOR_COMMON_OPTIONS, parseOperatorArgs } from "../../../services/cli/operator-args";
import { enumLabel, formatDurationMs, formatTable } from "../../../services/cli/format-table";
import { formatEventLine } from "../../../services/cli/event-line";
import { firstTrack, toIdentifier } from "../../../services/cli/commands/play-command";
import { CommandError } from "../../../services/cli/operator-io";
import { TrackEndReason } from "../../../gen/ts/pyro/lavalink/v1/events";
import type { Track } from "../../../gen/ts/pyro/lavalink/v1/track";

const track = (title: string): Track => ({ encoded: `enc-${title}`, info: { identifier: title, isSeekable: true, author: "A", lengthMs: 1000n, isStream: false, positionMs: 0n, title, sourceName: "x" }, pluginInfo: {}, userData: {} } as Track);

describe("operator CLI helpers", () => {
  it("splits positionals from flags and reads PYRO_* env", () => {
    const r = parseOperatorArgs(OPERATOR_COMMON_OPTIONS, ["guild", "query"], ["123", "--json", "--address", "h:1", "some words"], { PYRO_TOKEN: "t" });
    expect(r.positionals).toEqual(["123", "some words"]);
    expect(r.options).toMatchObject({ json: true, address: "h:1", token: "t", timeoutMs: 10000 });
  });

  it("reports missing and extra positionals with flag problems together", () => {
    try {
      parseOperatorArgs(OPERATOR_COMMON_OPTIONS, ["node"], ["--bogus", "--timeout-ms", "x"], {});
      throw new Error("no error");
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).problems).toEqual(["missing <node>", "unknown flag --bogus", `--timeout-ms must be an integer, got "x"`]);
    }
    expect(() => parseOperatorArgs(OPERATOR_COMMON_OPTIONS, ["guild?"], ["1", "2"], {})).toThrow(/unexpected argument "2"/);
  });

  it("formats tables, durations and enum labels", () => {
    expect(formatTable(["A", "LONGER"], [["xyz", "1"], ["q", ""]])).toBe("A    LONGER\nxyz  1\nq");
    expect([formatDurationMs(183000n), formatDurationMs(3723000), formatDurationMs(9223372036854775807n)]).toEqual(["3:03", "1:02:03", "live"]);
    expect(enumLabel("PLAYER_PHASE_AWAITING_VOICE", "PLAYER_PHASE_")).toBe("awaiting-voice");
  });

  it("formats an event as one line with its fields", () => {
    const line = formatEventLine({
      sequence: 7n, timestamp: new Date("2026-01-02T03:04:05.000Z"), guildId: "1", nodeId: "n", replay: false, guildSequence: 0n,
      kind: { $case: "trackEnd", value: { track: track("song one"), reason: TrackEndReason.TRACK_END_REASON_FINISHED, mayStartNext: true } },
    });
    expect(line).toBe(`2026-01-02T03:04:05.000Z trackEnd guild=1 node=n track="song one" reason=TRACK_END_REASON_FINISHED mayStartNext=true`);
    const nodeLine = formatEventLine({ sequence: 1n, timestamp: new Date(0), guildId: "", nodeId: "n", replay: false, guildSequence: 0n, kind: { $case: "nodeDraining", value: { moved: 2, total: 3, failed: 0, done: false } } });
    expect(nodeLine).toBe("1970-01-01T00:00:00.000Z nodeDraining node=n moved=2 total=3");
  });

  it("picks the track to play from each load result kind", () => {
    expect(toIdentifier("never gonna", "ytsearch:")).toBe("ytsearch:never gonna");
    expect(toIdentifier("https://x.test/a.mp3", "ytsearch:")).toBe("https://x.test/a.mp3");
    expect(firstTrack({ result: { $case: "track", value: track("t") } }, "i").info?.title).toBe("t");
    expect(firstTrack({ result: { $case: "search", value: { tracks: [track("s1"), track("s2")] } } }, "i").info?.title).toBe("s1");
    expect(firstTrack({ result: { $case: "playlist", value: { info: { name: "p", selectedTrack: 1 }, pluginInfo: {}, tracks: [track("p1"), track("p2")] } } }, "i").info?.title).toBe("p2");
    expect(firstTrack({ result: { $case: "playlist", value: { info: { name: "p", selectedTrack: -1 }, pluginInfo: {}, tracks: [track("p1")] } } }, "i").info?.title).toBe("p1");
    expect(() => firstTrack({ result: { $case: "empty", value: {} } }, "q")).toThrow(CommandError);
    expect(() => firstTrack({ result: { $case: "error", value: { message: "boom", severity: 1, cause: "c", causeStackTrace: "" } } as never }, "q")).toThrow(/failed: boom/);
  });
});
