// Two bots over one Redis and one prefix: a player is identified by (bot, guild), so both bots'
// players of one guild, their queues, node indexes and SCAN listings stay apart.
import { randomUUID } from "node:crypto";
import { RedisRegistry } from "../../../services/common/src/registry";

const url = process.env.PYRO_TEST_REDIS_URL!;
const GUILD = "350000000000000001";
const prefix = `test:${randomUUID()}:`;
const defaultBot = new RedisRegistry({ url, keyPrefix: prefix });
const otherBot = new RedisRegistry({ url, keyPrefix: prefix, botUserId: "100000000000000002" });

afterAll(async () => {
  await Promise.all([defaultBot.close(), otherBot.close()]);
});

describe("bot namespaces on one Redis", () => {
  it("keep two bots' players, queues and indexes of one guild apart", async () => {
    await defaultBot.players.create({ guildId: GUILD, ownerNodeId: "n1", state: { volume: 10 } });
    await otherBot.players.create({ guildId: GUILD, ownerNodeId: "n1", state: { volume: 20 } });
    await otherBot.queues.add(GUILD, [{ encodedTrack: "QUFB" }]);
    expect((await defaultBot.players.get(GUILD))?.state.volume).toBe(10);
    expect((await otherBot.players.get(GUILD))?.state.volume).toBe(20);
    expect((await defaultBot.queues.page(GUILD)).total).toBe(0);
    expect((await otherBot.queues.page(GUILD)).total).toBe(1);
    expect((await defaultBot.players.list()).items.map((p) => p.state.volume)).toEqual([10]);
    expect((await otherBot.players.list({ ownerNodeId: "n1" })).items.map((p) => p.state.volume)).toEqual([20]);
    const claimed = await otherBot.players.claim(GUILD, 1, "n2");
    expect(claimed.epoch).toBeGreaterThan(1);
    expect((await defaultBot.players.get(GUILD))?.epoch).toBe(1);
    expect(await defaultBot.players.delete(GUILD)).toBe(true);
    expect(await otherBot.players.get(GUILD)).not.toBeNull();
  });
});
