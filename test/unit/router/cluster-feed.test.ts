/** The cluster page's feed over a real event hub and node directory (in-memory registry). */
import { MemoryRegistry } from "../../../services/common/src/registry/memory-registry";
import { silentLogger } from "../../../services/common/src/logger";
import { EventHub } from "../../../services/router/src/events/event-hub";
import { NodeDirectory } from "../../../services/router/src/nodes/node-directory";
import { createClusterFeed, type PageActivity, type PageDrain } from "../../../services/router/src/cluster-page/cluster-feed";
import { MoveReason, NodeDownReason } from "../../../gen/ts/pyro/router/v1/event";

describe("cluster feed", () => {
  it("turns moves, node down/up and drain progress into page updates, newest first, with the nodes' load", async () => {
    const registry = new MemoryRegistry();
    await registry.nodes.upsert({ nodeId: "ll-a", address: "127.0.0.1:1", region: "eu", capacity: 10, state: "draining", userId: "1", sessionId: null, lavalinkUrl: "http://x", stats: { players: 3, playingPlayers: 2, uptimeMs: 1, cpu: { cores: 2, systemLoad: 0.5, lavalinkLoad: 0.25 }, reportedAt: 1 } });
    const hub = new EventHub(registry, silentLogger);
    const directory = new NodeDirectory({ registry, routerId: "r", logger: silentLogger, clusterToken: "feed-test-cluster-token-0123456789" });
    await directory.refresh();
    const feed = createClusterFeed(directory, hub, () => 1000);
    const seen: Array<PageActivity | PageDrain> = [];
    feed.onChange((w) => seen.push(w));
    hub.fromNode({ guildId: "", nodeId: "ll-a", kind: { $case: "nodeDraining", value: { moved: 1, total: 3, failed: 0, done: false } } }, 0n);
    hub.fromNode({ guildId: "", nodeId: "ll-b", kind: { $case: "nodeDown", value: { reason: NodeDownReason.NODE_DOWN_REASON_LEASE_EXPIRED, orphanedPlayers: 2 } } }, 0n);
    hub.fromNode({ guildId: "7", nodeId: "ll-c", kind: { $case: "playerMoved", value: { oldNodeId: "ll-b", newNodeId: "ll-c", reason: MoveReason.MOVE_REASON_LEASE_EXPIRED, epoch: 2n, positionMs: 0n } } }, 2n);
    const s = feed.snapshot();
    expect(s.nodes).toEqual([{ id: "ll-a", state: "draining", up: false, region: "eu", players: 3, playing: 2, capacity: 10, cpu: 0.25 }]);
    expect(s.activity).toEqual([
      { kind: "move", at: 1000, guildId: "7", from: "ll-b", to: "ll-c", reason: "LEASE_EXPIRED" },
      { kind: "nodeDown", at: 1000, nodeId: "ll-b", reason: "LEASE_EXPIRED", orphaned: 2 },
    ]);
    expect(s.drains).toEqual([{ nodeId: "ll-a", moved: 1, failed: 0, total: 3, done: false, at: 1000 }]);
    expect(seen).toHaveLength(3);
    feed.close();
    hub.fromNode({ guildId: "", nodeId: "ll-a", kind: { $case: "nodeUp", value: { sessionId: "s", resumed: false } } }, 0n);
    expect(seen).toHaveLength(3);
    await directory.close();
    await registry.close();
  });
});
