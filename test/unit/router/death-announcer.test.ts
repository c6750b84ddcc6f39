// One NodeDown per death (issue 22: sequences 66 and 67 announced the same death, once from the
// Lavanode's death notice and once from the Router's view of the record). Every detection path of
// every Router asks the announcer; the registry is the real in-memory backend.
import { MemoryRegistry } from "../../../services/common/src/registry/memory-registry";
import { DeathAnnouncer } from "../../../services/router/src/failover/death-announcer";

let registry: MemoryRegistry;

beforeEach(() => {
  registry = new MemoryRegistry();
});

afterEach(async () => {
  await registry.close();
});

describe("DeathAnnouncer", () => {
  it("announces a death once across two paths on each of three Routers", async () => {
    const routers = ["r1", "r2", "r3"].map((id) => new DeathAnnouncer(registry, id));
    const answers = await Promise.all(routers.flatMap((r) => [r.shouldAnnounce("node-a"), r.shouldAnnounce("node-a")]));
    expect(answers.filter(Boolean)).toHaveLength(1);
  });

  it("announces the next death once the node was seen up again", async () => {
    const a = new DeathAnnouncer(registry, "r1");
    const b = new DeathAnnouncer(registry, "r2");
    expect(await a.shouldAnnounce("node-a")).toBe(true);
    expect(await b.shouldAnnounce("node-a")).toBe(false);
    await Promise.all([a.nodeUp("node-a"), b.nodeUp("node-a")]);
    const second = await Promise.all([b.shouldAnnounce("node-a"), a.shouldAnnounce("node-a")]);
    expect(second.filter(Boolean)).toHaveLength(1);
  });

  it("deaths of different nodes are announced separately", async () => {
    const a = new DeathAnnouncer(registry, "r1");
    expect(await a.shouldAnnounce("node-a")).toBe(true);
    expect(await a.shouldAnnounce("node-b")).toBe(true);
  });
});
