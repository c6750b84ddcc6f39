import { placePlayer, tieBreakKey, type NodeSnapshot } from "../../../services/router/src/placement";
import { node, stats } from "./fixtures";

const equalNodes = (): NodeSnapshot[] => [node("a"), node("b"), node("c")];

describe("selection", () => {
  it("picks the lowest total", () => {
    const r = placePlayer([node("a", { players: 5 }), node("b", { players: 3 }), node("c", { players: 4 })],
      { guildId: "1" }, { seed: 0 });
    expect(r.chosen).toBe("b");
    expect(r.scores.map((s) => s.nodeId)).toEqual(["b", "c", "a"]);
  });

  it("breaks ties deterministically for a seed", () => {
    for (let g = 0; g < 50; g++) {
      const req = { guildId: String(1_000_000_000_000_000n + BigInt(g)) };
      const first = placePlayer(equalNodes(), req, { seed: 42 });
      const again = placePlayer([...equalNodes()].reverse(), req, { seed: 42 });
      expect(again.chosen).toBe(first.chosen);
      expect(again.scores.map((s) => s.nodeId)).toEqual(first.scores.map((s) => s.nodeId));
    }
  });

  it("tie-break order differs across seeds", () => {
    const guilds = Array.from({ length: 30 }, (_, i) => `81234567890123${String(i).padStart(4, "0")}`);
    const choices = (seed: number) => guilds.map((guildId) => placePlayer(equalNodes(), { guildId }, { seed }).chosen);
    expect(choices(1)).toEqual(choices(1));
    expect(choices(1)).not.toEqual(choices(2));
    expect(tieBreakKey(1, "g", "a")).not.toBe(tieBreakKey(2, "g", "a"));
  });

  it("spreads tied guilds over all equal nodes", () => {
    const counts = new Map<string, number>();
    for (let g = 0; g < 300; g++) {
      const c = placePlayer(equalNodes(), { guildId: `guild-${g}` }, { seed: 9 }).chosen!;
      counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual(["a", "b", "c"]);
    for (const n of counts.values()) expect(n).toBeGreaterThan(60);
  });

  it("preferNodeId wins when feasible, even with a worse score", () => {
    const nodes = [node("a", { players: 100, stats: stats(0.9, 100) }), node("b")];
    const r = placePlayer(nodes, { guildId: "1", preferNodeId: "a" }, { seed: 1 });
    expect(r.chosen).toBe("a");
    expect(r.scores[0]!.nodeId).toBe("b"); // scores stay best first
  });

  it.each<[string, Partial<NodeSnapshot>, string[]]>([
    ["cordoned", { state: "cordoned" }, []],
    ["excluded", {}, ["a"]],
    ["at capacity", { capacity: 1, players: 1 }, []],
    ["down", { state: "down" }, []],
  ])("preferNodeId is ignored when the preferred node is %s", (_name, over, exclude) => {
    const r = placePlayer([node("a", over), node("b", { players: 50 })], { guildId: "1", preferNodeId: "a", exclude }, { seed: 1 });
    expect(r.chosen).toBe("b");
  });

  it("preferNodeId naming an unknown node is ignored", () => {
    expect(placePlayer([node("b")], { guildId: "1", preferNodeId: "zzz" }, { seed: 1 }).chosen).toBe("b");
  });
});

describe("burst placement with pending counts", () => {
  it.each([[1], [2], [12345]])("300 placements over 3 equal nodes land 100 ± 5 each (seed %p)", (seed) => {
    const nodes = equalNodes().map((n) => ({ ...n, stats: stats(0.2, 0) }));
    const counts: Record<string, number> = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 300; i++) {
      const r = placePlayer(nodes, { guildId: `${900000000000000000n + BigInt(i)}` }, { seed });
      const chosen = nodes.find((n) => n.nodeId === r.chosen)!;
      chosen.pending += 1;
      counts[chosen.nodeId]! += 1;
    }
    for (const id of ["a", "b", "c"]) {
      expect(counts[id]).toBeGreaterThanOrEqual(95);
      expect(counts[id]).toBeLessThanOrEqual(105);
    }
  });

  it("without pending counts the same burst piles onto one node", () => {
    // Control for the test above: the stale snapshot alone gives no spreading signal.
    const nodes = [node("a", { players: 1 }), node("b", { players: 2 }), node("c", { players: 3 })];
    const chosen = new Set<string>();
    for (let i = 0; i < 300; i++) chosen.add(placePlayer(nodes, { guildId: `g${i}` }, { seed: 1 }).chosen!);
    expect([...chosen]).toEqual(["a"]);
  });

  it("pending fills a less loaded node up to the others first", () => {
    const nodes = [node("a", { players: 50 }), node("b", { players: 50 }), node("c", { players: 20 })];
    const picks: string[] = [];
    for (let i = 0; i < 30; i++) {
      const r = placePlayer(nodes, { guildId: `g${i}` }, { seed: 5 });
      picks.push(r.chosen!);
      nodes.find((n) => n.nodeId === r.chosen)!.pending += 1;
    }
    expect(picks.every((p) => p === "c")).toBe(true);
    expect(nodes.find((n) => n.nodeId === "c")!.pending).toBe(30);
  });
});
