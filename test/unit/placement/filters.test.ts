import {
  filterNodes, PLACEMENT_FILTERS, placePlayer, type NodeSnapshot, type PlacementRequest, type RejectionReason,
} from "../../../services/router/src/placement";
import { node } from "./fixtures";

const req: PlacementRequest = { guildId: "1" };

describe("placement filters", () => {
  // Every row has all five cells: jest passes `done` to a test whose row is shorter than its arity.
  const cases: Array<[string, NodeSnapshot, PlacementRequest, RejectionReason | null, RegExp | null]> = [
    ["healthy node passes", node("a"), req, null, null],
    ["state down", node("a", { state: "down" }), req, "down", /down/],
    ["lease lost / stream closed", node("a", { alive: false }), req, "not_alive", /lease/],
    ["cordoned", node("a", { state: "cordoned" }), req, "cordoned", /cordoned/],
    ["draining", node("a", { state: "draining" }), req, "draining", /draining/],
    ["full by registry players", node("a", { capacity: 300, players: 300 }), req, "at_capacity", /^300\/300 players$/],
    ["full counting pending", node("a", { capacity: 10, players: 8, pending: 2 }), req, "at_capacity", /^10\/10 players \(2 pending\)$/],
    ["one below capacity passes", node("a", { capacity: 10, players: 8, pending: 1 }), req, null, null],
    ["capacity 0 = unlimited", node("a", { capacity: 0, players: 1_000_000 }), req, null, null],
    ["excluded", node("a"), { guildId: "1", exclude: ["b", "a"] }, "excluded", /excluded/],
    ["exclude of another node passes", node("a"), { guildId: "1", exclude: ["b"] }, null, null],
    ["down wins over excluded", node("a", { state: "down" }), { guildId: "1", exclude: ["a"] }, "down", null],
    ["not alive wins over at capacity", node("a", { alive: false, capacity: 1, players: 1 }), req, "not_alive", null],
  ];

  it.each(cases)("%s", (_name, n, r, reason, detail) => {
    const { feasible, rejections } = filterNodes([n], r);
    if (reason === null) {
      expect(feasible.map((f) => f.nodeId)).toEqual(["a"]);
      expect(rejections).toEqual([]);
    } else {
      expect(feasible).toEqual([]);
      expect(rejections).toHaveLength(1);
      expect(rejections[0]).toMatchObject({ nodeId: "a", reason });
      if (detail !== null) expect(rejections[0]!.detail).toMatch(detail);
    }
  });

  it("has one filter per rejection reason", () => {
    expect(PLACEMENT_FILTERS).toHaveLength(7);
  });

  it("with no feasible node chooses null and lists every rejection in snapshot order", () => {
    const nodes = [
      node("down", { state: "down" }),
      node("dead", { alive: false }),
      node("cordoned", { state: "cordoned" }),
      node("draining", { state: "draining" }),
      node("full", { capacity: 5, players: 5 }),
      node("excluded"),
    ];
    const result = placePlayer(nodes, { guildId: "42", exclude: ["excluded"] }, { seed: 1 });
    expect(result.chosen).toBeNull();
    expect(result.scores).toEqual([]);
    expect(result.rejections.map((r) => [r.nodeId, r.reason])).toEqual([
      ["down", "down"],
      ["dead", "not_alive"],
      ["cordoned", "cordoned"],
      ["draining", "draining"],
      ["full", "at_capacity"],
      ["excluded", "excluded"],
    ]);
  });

  it("with an empty snapshot chooses null", () => {
    expect(placePlayer([], req, { seed: 1 })).toMatchObject({ chosen: null, scores: [], rejections: [] });
  });

  it("scores only feasible nodes and reports the rest", () => {
    const result = placePlayer([node("a", { state: "cordoned" }), node("b")], req, { seed: 1 });
    expect(result.chosen).toBe("b");
    expect(result.scores.map((s) => s.nodeId)).toEqual(["b"]);
    expect(result.rejections.map((r) => r.nodeId)).toEqual(["a"]);
  });
});
