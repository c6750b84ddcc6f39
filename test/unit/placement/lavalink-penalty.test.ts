import {
  cpuPenalty, deficitPenalty, lavalinkPenalty, nulledPenalty, scoreNode, totalOf,
} from "../../../services/router/src/placement";
import { node, stats } from "./fixtures";

describe("Lavalink penalty formula (JVM Lavalink-Client Penalties.kt)", () => {
  // Expected values truncate like Kotlin's toInt(); the rounded figures quoted in
  // shared/reference/peers.md §2 are checked against the raw curve below.
  it.each([
    [0, 0],
    [0.1, 6],
    [0.5, 104],
    [0.8, 485],
    [1, 1305],
  ])("cpu term at systemLoad %p is %p", (load, expected) => {
    expect(cpuPenalty(load)).toBe(expected);
  });

  it.each([
    [0, 0],
    [30, 95],
    [150, 656],
    [300, 2030],
    [600, 10931],
  ])("deficit term at %p lost frames/min is %p", (frames, expected) => {
    expect(deficitPenalty(frames)).toBe(expected);
  });

  it.each([
    [0.1, 6], [0.5, 105], [0.8, 486], [1, 1305],
  ])("raw cpu curve at %p rounds to the peers.md magnitude %p", (load, magnitude) => {
    expect(Math.round(Math.pow(1.05, 100 * load) * 10 - 10)).toBe(magnitude);
  });

  it.each([
    [30, 96], [150, 656], [300, 2030],
  ])("raw deficit curve at %p rounds to the peers.md magnitude %p", (frames, magnitude) => {
    expect(Math.round(Math.pow(1.03, (500 * frames) / 3000) * 600 - 600)).toBe(magnitude);
  });

  it.each([
    [0, 0], [30, 190], [150, 1312],
  ])("nulled term at %p frames/min is twice the deficit curve: %p", (frames, expected) => {
    expect(nulledPenalty(frames)).toBe(expected);
  });

  it("clamps bad inputs instead of rewarding them", () => {
    expect(cpuPenalty(-1)).toBe(0);
    expect(cpuPenalty(Number.NaN)).toBe(0);
    expect(cpuPenalty(2)).toBe(1305);
    expect(deficitPenalty(-50)).toBe(0);
  });

  describe("player term = max(registry players + pending, playingPlayers)", () => {
    it.each([
      // registry, pending, playing → players component, pending component
      [10, 0, 0, 10, 0],
      [10, 5, 0, 10, 5],
      [10, 5, 40, 40, 0], // stats already show more playing players than we know of
      [10, 5, 12, 12, 3], // pending lifts the term from 12 to 15
      [0, 3, 0, 0, 3],
    ])("registry %p + pending %p vs playing %p → players %p, pending %p", (players, pending, playing, p, q) => {
      const n = node("a", { players, pending, stats: { players: playing, playingPlayers: playing } });
      const pen = lavalinkPenalty(n);
      expect([pen.players, pen.pending]).toEqual([p, q]);
      expect(pen.players + pen.pending).toBe(Math.max(players + pending, playing));
    });
  });

  describe("frame terms", () => {
    const withFrames = (deficit: number, nulled: number) =>
      node("a", { stats: { ...stats(0), frameStats: { sent: 3000 - deficit - nulled, nulled, deficit } } });

    it("apply when frameStats is present and deficit ≠ -1", () => {
      expect(lavalinkPenalty(withFrames(30, 30))).toMatchObject({ deficit: 95, nulled: 190 });
    });
    it("are 0 when deficit is -1", () => {
      expect(lavalinkPenalty(withFrames(-1, 300))).toMatchObject({ deficit: 0, nulled: 0 });
    });
    it("are 0 when frameStats is null or stats are absent", () => {
      expect(lavalinkPenalty(node("a", { stats: { ...stats(0.5), frameStats: null } }))).toMatchObject({
        cpu: 104, deficit: 0, nulled: 0,
      });
      expect(lavalinkPenalty(node("a"))).toEqual({ players: 0, pending: 0, cpu: 0, deficit: 0, nulled: 0 });
    });
  });

  it("total is the sum of the components", () => {
    const n = node("a", {
      players: 7, pending: 2,
      stats: { players: 9, playingPlayers: 5, cpu: { cores: 8, systemLoad: 0.5, lavalinkLoad: 0.2 },
        frameStats: { sent: 2900, nulled: 30, deficit: 70 } },
    });
    const s = scoreNode(n, null);
    expect(s.components).toEqual({ players: 7, pending: 2, cpu: 104, deficit: deficitPenalty(70), nulled: 190, region: 0 });
    expect(s.total).toBe(totalOf(s.components));
    expect(s.total).toBe(9 + 104 + deficitPenalty(70) + 190);
  });
});
