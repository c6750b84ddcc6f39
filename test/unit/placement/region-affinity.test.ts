import {
  placePlayer, REGION_MISMATCH_PENALTY, regionAffinityPenalty, resolveWantedRegion,
} from "../../../services/router/src/placement";
import { node, stats } from "./fixtures";

const FRA = "c-fra05-1a2b3c4d.discord.media:443";

describe("region affinity penalty", () => {
  const wanted = resolveWantedRegion({ guildId: "1", voiceEndpoint: FRA });

  it.each([
    ["eu", 0], ["EU", 0], ["eu-west", 0], ["europe-west3", 0], ["frankfurt", 0], ["Frankfurt", 0], ["ams", 0],
    ["", 0], ["default", 0], ["Default", 0],
    ["us", REGION_MISMATCH_PENALTY], ["us-east", REGION_MISMATCH_PENALTY], ["asia", REGION_MISMATCH_PENALTY],
    ["rack-7", REGION_MISMATCH_PENALTY],
  ])("node region %p vs a Frankfurt endpoint → %p", (label, expected) => {
    expect(regionAffinityPenalty(label, wanted)).toBe(expected);
  });

  it("is 0 for every node when no region is known", () => {
    const none = resolveWantedRegion({ guildId: "1", voiceEndpoint: "mars1.discord.media" });
    expect(none).toBeNull();
    for (const l of ["eu", "us", "rack-7"]) expect(regionAffinityPenalty(l, none)).toBe(0);
  });

  it("an explicit region overrides the endpoint; a neutral one disables affinity", () => {
    expect(resolveWantedRegion({ guildId: "1", voiceEndpoint: FRA, region: "US-East" })).toEqual({ coarse: "us", fine: "us-east" });
    expect(resolveWantedRegion({ guildId: "1", voiceEndpoint: FRA, region: "any" })).toBeNull();
    expect(resolveWantedRegion({ guildId: "1", voiceEndpoint: FRA, region: " " })).toEqual({ coarse: "eu", fine: "frankfurt" });
    const rack = resolveWantedRegion({ guildId: "1", region: "rack-7" });
    expect(regionAffinityPenalty("RACK-7", rack)).toBe(0);
    expect(regionAffinityPenalty("rack-8", rack)).toBe(REGION_MISMATCH_PENALTY);
  });
});

describe("region affinity in placement", () => {
  const place = (eu: Parameters<typeof node>[1], us: Parameters<typeof node>[1]) =>
    placePlayer([node("us-1", { region: "us", ...us }), node("eu-1", { region: "eu", ...eu })],
      { guildId: "123", voiceEndpoint: FRA }, { seed: 7 });

  it("prefers the local node over a less loaded remote one", () => {
    const r = place({ players: 200, stats: stats(0.5, 200) }, { players: 10, stats: stats(0.1, 10) });
    expect(r.chosen).toBe("eu-1");
    expect(r.region).toBe("eu");
    expect(r.scores.find((s) => s.nodeId === "us-1")!.components.region).toBe(REGION_MISMATCH_PENALTY);
    expect(r.scores.find((s) => s.nodeId === "eu-1")!.components.region).toBe(0);
  });

  it("goes remote when the local node is far worse (CPU saturated)", () => {
    const r = place({ players: 200, stats: stats(1.0, 200) }, { players: 10, stats: stats(0.1, 10) });
    expect(r.chosen).toBe("us-1");
  });

  it("goes remote when the local node loses audio frames", () => {
    const r = place(
      { players: 50, stats: { ...stats(0.2, 50), frameStats: { sent: 2500, nulled: 200, deficit: 300 } } },
      { players: 50, stats: stats(0.2, 50) },
    );
    expect(r.chosen).toBe("us-1");
  });

  it("treats region-less nodes as neutral", () => {
    const r = placePlayer(
      [node("eu-1", { region: "eu", players: 30 }), node("plain", { region: "default", players: 20 })],
      { guildId: "1", voiceEndpoint: FRA }, { seed: 1 },
    );
    expect(r.chosen).toBe("plain");
  });

  it("without a voice endpoint only load counts", () => {
    const r = placePlayer([node("eu-1", { region: "eu", players: 30 }), node("us-1", { region: "us", players: 20 })],
      { guildId: "1" }, { seed: 1 });
    expect(r.chosen).toBe("us-1");
    expect(r.region).toBe("");
  });
});
