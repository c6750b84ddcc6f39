import { parseRedisUrl, redisUrlProblem } from "../../../services/common/src/registry/redis-url";

describe("parseRedisUrl", () => {
  it("passes redis:// and rediss:// through", () => {
    expect(parseRedisUrl("redis://127.0.0.1:6379/2")).toEqual({ kind: "single", url: "redis://127.0.0.1:6379/2" });
    expect(parseRedisUrl("rediss://:pw@cache.example:6380")).toEqual({ kind: "single", url: "rediss://:pw@cache.example:6380" });
  });

  it("parses Sentinel URLs with several sentinels, credentials, master name and db", () => {
    expect(parseRedisUrl("redis-sentinel://app:s%40cret@10.0.0.1:26379,10.0.0.2:26380/my%20master?db=3")).toEqual({
      kind: "sentinel", sentinels: [{ host: "10.0.0.1", port: 26379 }, { host: "10.0.0.2", port: 26380 }],
      masterName: "my master", username: "app", password: "s@cret", db: 3,
    });
    expect(parseRedisUrl("redis-sentinel://:pw@h:26379/m")).toMatchObject({ password: "pw", db: 0 });
    expect(parseRedisUrl("redis-sentinel://h:26379/m")).not.toHaveProperty("password");
  });

  it("parses cluster URLs: seed nodes, credentials, TLS by scheme", () => {
    expect(parseRedisUrl("redis-cluster://10.0.0.1:7000,10.0.0.2:7001")).toEqual({
      kind: "cluster", seeds: [{ host: "10.0.0.1", port: 7000 }, { host: "10.0.0.2", port: 7001 }], tls: false,
    });
    expect(parseRedisUrl("rediss-cluster://app:s%40cret@cache.example:6380/")).toEqual({
      kind: "cluster", seeds: [{ host: "cache.example", port: 6380 }], tls: true, username: "app", password: "s@cret",
    });
  });

  it.each([
    ["http://h:1", "must start with redis://, rediss://, redis-sentinel://, redis-cluster:// or rediss-cluster://"],
    ["redis-cluster://", "need at least one seed node"],
    ["redis-cluster://:pw@", "need at least one seed node"],
    ["redis-cluster://h1:7000,h2", 'seed node address "h2" must be host:port'],
    ["redis-cluster://h1:0", 'seed node address "h1:0" must be host:port'],
    ["redis-cluster://h1:7000/2", "take no path or query"],
    ["rediss-cluster://h1:7000?db=1", "take no path or query"],
    ["redis-sentinel://h:26379", "need the master name"],
    ["redis-sentinel://h:26379/", "master name (URL path) must not be empty"],
    ["redis-sentinel://h/m", 'sentinel address "h" must be host:port'],
    ["redis-sentinel://h:99999/m", 'sentinel address "h:99999" must be host:port'],
    ["redis-sentinel://h:1/m?db=x", "db must be"],
    ["redis://bad host:1", "is not a valid redis:// URL"],
  ])("rejects %s", (url, problem) => {
    expect(redisUrlProblem(url)).toContain(problem);
  });

  it("never puts the password in a problem", () => {
    expect(redisUrlProblem("redis-sentinel://:hunter2@h/m")).not.toContain("hunter2");
    expect(redisUrlProblem("redis-cluster://:hunter2@h:1,bad")).not.toContain("hunter2");
    expect(redisUrlProblem("rediss-cluster://:hunter2@h:1/x")).not.toContain("hunter2");
  });
});
