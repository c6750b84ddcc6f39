// Placement by capability: a player needs its track's source and its plugin filters.
import { PlacementRejection } from "../../../gen/ts/pyro/router/v1/node";
import { needsOf, placePlayer, rejectionToProto } from "../../../services/router/src/placement";
import { trackSourceName } from "../../../services/common/src/track-source";
import { emulatorTrack } from "../../lavalink-emulator/catalogue";
import { encodeTrack } from "../../lavalink-emulator/track-codec";
import { node } from "./fixtures";

const caps = (sources: string[], filters: string[] = []) => ({ capabilities: { sources, filters } });
const segmentsTrack = encodeTrack({ ...emulatorTrack("talk", 60000), sourceName: "segments", identifier: "segments:talk:60000", uri: "https://example.com/ü", isrc: "X" });

describe("trackSourceName", () => {
  it("reads the source of versioned blobs with and without nullable fields", () => {
    expect(trackSourceName(segmentsTrack)).toBe("segments");
    expect(trackSourceName(encodeTrack(emulatorTrack("日本語 title", 1000)))).toBe("emulator");
  });

  it("gives undefined for garbage and truncated blobs", () => {
    expect(trackSourceName("not base64!")).toBeUndefined();
    expect(trackSourceName(segmentsTrack.slice(0, 20))).toBeUndefined();
    expect(trackSourceName("")).toBeUndefined();
  });
});

describe("needsOf", () => {
  it("collects the track source and plugin filter names, plus extra needs", () => {
    expect(needsOf({ encodedTrack: segmentsTrack, filters: { volume: 1, pluginFilters: { echo: { decay: 1 } } } }, { sources: ["spotify"] }))
      .toEqual({ sources: ["spotify", "segments"], filters: ["echo"] });
    expect(needsOf({ encodedTrack: null, filters: {} })).toEqual({ sources: [], filters: [] });
  });
});

describe("the missing-capability filter", () => {
  const nodes = [node("plain", caps(["youtube", "emulator"])), node("plugin", caps(["youtube", "emulator", "segments"], ["echo"])), node("unknown")];

  it("places a player that needs a plugin source only where it is, naming what is missing", () => {
    const r = placePlayer(nodes, { guildId: "123456789012345678", needs: { sources: ["segments"], filters: ["echo"] } }, { seed: 1 });
    expect(r.rejections).toEqual([{ nodeId: "plain", reason: "missing_capability", detail: "Lavalink lacks source segments; filter echo" }]);
    expect(r.scores.map((s) => s.nodeId).sort()).toEqual(["plugin", "unknown"]);
    expect(rejectionToProto("missing_capability")).toBe(PlacementRejection.PLACEMENT_REJECTION_MISSING_CAPABILITY);
  });

  it("never blocks a player that needs nothing", () => {
    const r = placePlayer(nodes, { guildId: "123456789012345678", needs: { sources: [], filters: [] } }, { seed: 1 });
    expect(r.rejections).toEqual([]);
  });

  it("leaves the player unplaced when only dead nodes have the capability", () => {
    const r = placePlayer([node("plain", caps(["youtube"])), node("plugin", { alive: false, ...caps(["segments"]) })],
      { guildId: "123456789012345678", needs: { sources: ["segments"], filters: [] } }, { seed: 1 });
    expect(r.chosen).toBeNull();
    expect(r.rejections.map((x) => x.reason)).toEqual(["missing_capability", "not_alive"]);
  });
});
