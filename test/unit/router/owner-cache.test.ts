// The Router's owner cache: newest epoch wins, bounded, invalidated by placement events on the hub.
import { silentLogger } from "../../../services/common/src/logger";
import { MemoryRegistry } from "../../../services/common/src/registry/memory-registry";
import { buildPlayerRecord } from "../../../services/common/src/registry/player-init";
import type { PlayerRecord } from "../../../services/common/src/registry/types";
import { DestroyReason, MoveReason } from "../../../gen/ts/pyro/router/v1/event";
import { EventHub } from "../../../services/router/src/events/event-hub";
import { OwnerCache } from "../../../services/router/src/players/owner-cache";

const record = (guildId: string, epoch: number): PlayerRecord => ({ ...buildPlayerRecord({ guildId, ownerNodeId: "node-a" }, 1000), epoch });

describe("OwnerCache", () => {
  const registry = new MemoryRegistry();
  afterAll(() => registry.close());

  it("keeps the newest epoch", () => {
    const cache = new OwnerCache(new EventHub(registry, silentLogger));
    cache.remember(record("1", 3));
    cache.remember(record("1", 2));
    expect(cache.get("1")?.epoch).toBe(3);
    cache.remember(record("1", 4));
    expect(cache.get("1")?.epoch).toBe(4);
  });

  it("evicts the oldest entry past its bound", () => {
    const cache = new OwnerCache(new EventHub(registry, silentLogger), 2);
    for (const g of ["1", "2", "3"]) cache.remember(record(g, 1));
    expect(cache.size).toBe(2);
    expect(cache.get("1")).toBeUndefined();
    expect(cache.get("3")).toBeDefined();
  });

  it("drops a guild on PlayerPlaced, PlayerMoved and PlayerDestroyed, and keeps it on other events", () => {
    const hub = new EventHub(registry, silentLogger);
    const cache = new OwnerCache(hub);
    for (const g of ["1", "2", "3", "4"]) cache.remember(record(g, 1));
    hub.fromNode({ guildId: "1", nodeId: "node-a", kind: { $case: "playerPlaced", value: { epoch: 2n } } }, 0n);
    hub.fromNode({ guildId: "2", nodeId: "node-b", kind: { $case: "playerMoved", value: { oldNodeId: "node-a", newNodeId: "node-b", reason: MoveReason.MOVE_REASON_DRAIN, epoch: 2n, positionMs: 0n } } }, 0n);
    hub.fromNode({ guildId: "3", nodeId: "node-a", kind: { $case: "playerDestroyed", value: { reason: DestroyReason.DESTROY_REASON_REQUESTED, detail: "" } } }, 0n);
    hub.fromNode({ guildId: "4", nodeId: "node-a", kind: { $case: "playerUpdate", value: { guildId: "4", state: undefined } } }, 1n);
    expect(["1", "2", "3", "4"].map((g) => cache.get(g) !== undefined)).toEqual([false, false, false, true]);
  });
});
