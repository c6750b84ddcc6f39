import {
  ExplainPlacementResponse, PlacementRejection,
} from "../../../gen/ts/pyro/router/v1/node";
import {
  placePlayer, rejectionToProto, toExplainPlacementResponse, type RejectionReason,
} from "../../../services/router/src/placement";
import { node, stats } from "./fixtures";

describe("ExplainPlacement conversion", () => {
  it.each<[RejectionReason, PlacementRejection]>([
    ["down", PlacementRejection.PLACEMENT_REJECTION_NODE_DOWN],
    ["not_alive", PlacementRejection.PLACEMENT_REJECTION_NODE_DOWN],
    ["cordoned", PlacementRejection.PLACEMENT_REJECTION_CORDONED],
    ["draining", PlacementRejection.PLACEMENT_REJECTION_DRAINING],
    ["at_capacity", PlacementRejection.PLACEMENT_REJECTION_AT_CAPACITY],
    ["excluded", PlacementRejection.PLACEMENT_REJECTION_EXCLUDED],
    ["missing_capability", PlacementRejection.PLACEMENT_REJECTION_MISSING_CAPABILITY],
  ])("maps rejection %s", (reason, proto) => {
    expect(rejectionToProto(reason)).toBe(proto);
  });

  it("converts a full result and survives a binary round trip", () => {
    const result = placePlayer(
      [
        node("eu-1", { region: "eu", players: 10, pending: 2, stats: stats(0.5, 8) }),
        node("us-1", { region: "us", players: 1 }),
        node("full", { capacity: 3, players: 3 }),
        node("gone", { alive: false }),
      ],
      { guildId: "123456789012345678", voiceEndpoint: "c-ams01-abcdef.discord.media:443" },
      { seed: 77 },
    );
    const msg = toExplainPlacementResponse(result);
    expect(msg).toEqual({
      chosenNodeId: "eu-1",
      scores: [
        {
          nodeId: "eu-1",
          total: 116,
          components: [
            { name: "players", value: 10 },
            { name: "pending_players", value: 2 },
            { name: "cpu", value: 104 },
            { name: "frame_deficit", value: 0 },
            { name: "frames_nulled", value: 0 },
            { name: "region_affinity", value: 0 },
          ],
        },
        {
          nodeId: "us-1",
          total: 1001,
          components: [
            { name: "players", value: 1 },
            { name: "pending_players", value: 0 },
            { name: "cpu", value: 0 },
            { name: "frame_deficit", value: 0 },
            { name: "frames_nulled", value: 0 },
            { name: "region_affinity", value: 1000 },
          ],
        },
      ],
      rejections: [
        { nodeId: "full", reason: PlacementRejection.PLACEMENT_REJECTION_AT_CAPACITY, detail: "3/3 players" },
        { nodeId: "gone", reason: PlacementRejection.PLACEMENT_REJECTION_NODE_DOWN, detail: "lease lost or Router stream closed" },
      ],
      region: "eu",
      tieBreakSeed: 77n,
    });
    for (const s of msg.scores) expect(s.components.reduce((a, c) => a + c.value, 0)).toBe(s.total);

    const decoded = ExplainPlacementResponse.decode(ExplainPlacementResponse.encode(msg).finish());
    expect(decoded).toEqual(msg);
    expect(ExplainPlacementResponse.toJSON(decoded)).toMatchObject({
      chosenNodeId: "eu-1",
      region: "eu",
      rejections: [{ reason: "PLACEMENT_REJECTION_AT_CAPACITY" }, { reason: "PLACEMENT_REJECTION_NODE_DOWN" }],
    });
  });

  it("leaves chosen_node_id absent when nothing is feasible", () => {
    const msg = toExplainPlacementResponse(placePlayer([node("a", { state: "down" })], { guildId: "1" }, { seed: -3 }));
    expect("chosenNodeId" in msg).toBe(false);
    expect(msg.scores).toEqual([]);
    expect(msg.rejections).toEqual([{ nodeId: "a", reason: PlacementRejection.PLACEMENT_REJECTION_NODE_DOWN, detail: "node state is down" }]);
    expect(msg.region).toBe("");
    expect(msg.tieBreakSeed).toBe(-3n);
    const decoded = ExplainPlacementResponse.decode(ExplainPlacementResponse.encode(msg).finish());
    expect(decoded.chosenNodeId).toBeUndefined();
  });
});
