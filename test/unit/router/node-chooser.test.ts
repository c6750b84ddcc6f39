// The node chooser: snapshots of the directory plus this Router's pending placements, which count
// at once (concurrent placements see each other), expire after the pending window and can be taken back.
import { NoNodeAvailableError } from "../../../services/router/src/errors";
import { NodeChooser } from "../../../services/router/src/nodes/node-chooser";
import type { KnownNode, NodeDirectory } from "../../../services/router/src/nodes/node-directory";
import type { NodeRecord } from "../../../services/common/src/registry/types";

function node(nodeId: string, over: Partial<NodeRecord> = {}, usable = true): KnownNode & { usable: boolean } {
  const record: NodeRecord = {
    nodeId, address: "127.0.0.1:1", region: "us-east", capacity: 100, state: "up", userId: "1", sessionId: "s", lavalinkUrl: "http://127.0.0.1:2",
    stats: { players: 0, playingPlayers: 0, cpu: { cores: 2, systemLoad: 0, lavalinkLoad: 0 } } as NodeRecord["stats"], updatedAt: 0, ...over,
  };
  return { record, leaseHeld: true, link: undefined, usable };
}

/** A directory over fixed nodes (the chooser only reads `list` and `usable`). */
function directoryOf(nodes: Array<KnownNode & { usable: boolean }>): NodeDirectory {
  return { list: () => nodes, usable: (n: KnownNode) => (n as KnownNode & { usable: boolean }).usable } as unknown as NodeDirectory;
}

describe("node chooser", () => {
  it("counts a choice as pending at once, so the next choice prefers the other, equal node", () => {
    const chooser = new NodeChooser(directoryOf([node("a"), node("b")]), 7, () => 1000);
    const first = chooser.choose("100000000000000001");
    const second = chooser.choose("100000000000000002");
    expect(new Set([first, second])).toEqual(new Set(["a", "b"]));
    const pending = Object.fromEntries(chooser.snapshots().map((s) => [s.nodeId, s.pending]));
    expect(pending).toEqual({ a: 1, b: 1 });
  });

  it("forgets pending placements after the 60 s window", () => {
    let now = 0;
    const chooser = new NodeChooser(directoryOf([node("a")]), 1, () => now);
    chooser.choose("100000000000000001");
    chooser.choose("100000000000000002");
    now = 59_999;
    expect(chooser.snapshots()[0]!.pending).toBe(2);
    now = 60_001;
    expect(chooser.snapshots()[0]!.pending).toBe(0);
  });

  it("cancelPending takes back the last count on that node only", () => {
    const chooser = new NodeChooser(directoryOf([node("a"), node("b", { region: "eu-west" })]), 1, () => 5);
    chooser.choose("100000000000000001", undefined, ["b"]);
    chooser.choose("100000000000000002", undefined, ["a"]);
    chooser.cancelPending("a");
    chooser.cancelPending("a");
    const pending = Object.fromEntries(chooser.snapshots().map((s) => [s.nodeId, s.pending]));
    expect(pending).toEqual({ a: 0, b: 1 });
  });

  it("never chooses an excluded, unusable or down node, and names every rejection when nothing fits", () => {
    const chooser = new NodeChooser(directoryOf([node("a"), node("b", {}, false), node("c", { state: "down" })]), 1);
    expect(chooser.choose("100000000000000001", undefined, [])).toBe("a");
    let caught: unknown;
    try {
      chooser.choose("100000000000000001", undefined, ["a"]);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(NoNodeAvailableError);
    const reasons = (caught as NoNodeAvailableError).reasons;
    expect(reasons).toHaveLength(3);
    expect(reasons.map((r) => r.split(":")[0]).sort()).toEqual(["a", "b", "c"]);
  });

  it("explain does not count a pending placement", () => {
    const chooser = new NodeChooser(directoryOf([node("a")]), 1);
    expect(chooser.explain("100000000000000001").chosen).toBe("a");
    expect(chooser.snapshots()[0]!.pending).toBe(0);
  });
});
