/** Key layout per bot: the default bot keeps the original keys, another bot's keys put both ids in one hash tag. */
import { createRegistryKeys } from "../../../services/common/src/registry/keys";

const G = "123456789012345678";
const BOT = "200000000000000002";
/** Redis Cluster's hash tag: the text between the first `{` and the next `}`. */
const tagOf = (key: string): string => key.slice(key.indexOf("{") + 1, key.indexOf("}"));

describe("registry keys per bot", () => {
  it("keeps the default bot's layout unchanged (no migration)", () => {
    const k = createRegistryKeys("pyro:");
    expect(k.player(G)).toBe(`pyro:{g:${G}}:player`);
    expect(k.queueItems(G)).toBe(`pyro:{g:${G}}:q:items`);
    expect(k.node("a")).toBe("pyro:{n:a}:node");
    expect(k.nodeIndex(null)).toBe("pyro:{unowned}:players");
    expect(k.deathChannel).toBe("pyro:node-deaths");
  });

  it("puts bot and guild in one hash tag for every key of a player", () => {
    const k = createRegistryKeys("pyro:", BOT);
    const keys = [k.player(G), k.queueItems(G), k.queueMeta(G), k.queueHistory(G), k.voiceHalves(G), k.eventLog(G), k.eventLogCounter(G), k.eventLogIds(G)];
    for (const key of keys) expect(tagOf(key)).toBe(`b:${BOT}:g:${G}`);
    expect(tagOf(k.node("a"))).toBe(`b:${BOT}:n:a`);
    expect(tagOf(k.lease("a"))).toBe(tagOf(k.nodeIndex("a")));
    expect(k.guildOfPlayerKey(k.player(G))).toBe(G);
  });

  it("never lets one bot's SCAN pattern or parser match another bot's keys", () => {
    const def = createRegistryKeys("pyro:");
    const other = createRegistryKeys("pyro:", BOT);
    const glob = (pattern: string) => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`);
    expect(glob(def.playerPattern).test(other.player(G))).toBe(false);
    expect(glob(other.playerPattern).test(def.player(G))).toBe(false);
    expect(def.guildOfPlayerKey(other.player(G))).toBeNull();
    expect(other.guildOfPlayerKey(def.player(G))).toBeNull();
    expect(other.deathChannel).not.toBe(def.deathChannel);
    expect(other.eventChannel("x")).not.toBe(def.eventChannel("x"));
  });

  it("refuses a bot id that is not a decimal id", () => {
    expect(() => createRegistryKeys("pyro:", "a}b")).toThrow(/botUserId/);
  });
});
