import { decodeClusterCursor, encodeClusterCursor } from "../../../services/common/src/registry/redis-cluster-scan";

describe("cluster listing cursor", () => {
  it("starts at slot 0, cursor 0, and is a plain decimal string", () => {
    expect(decodeClusterCursor("0")).toEqual({ minSlot: 0, shardCursor: "0" });
    expect(encodeClusterCursor(0, "0")).toBe("0");
    expect(encodeClusterCursor(5461, "17")).toMatch(/^\d+$/);
  });

  it("round-trips a shard's slot and any 64-bit SCAN cursor", () => {
    for (const [slot, cursor] of [[5461, "17"], [16383, "18446744073709551615"], [10923, "0"]] as const) {
      expect(decodeClusterCursor(encodeClusterCursor(slot, cursor))).toEqual({ minSlot: slot, shardCursor: cursor });
    }
  });
});
