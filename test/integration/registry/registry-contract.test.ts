// Runs the registry contract suite against both real backends: in-memory and Redis (the harness's redis-server).
import { randomUUID } from "node:crypto";
import Redis from "ioredis";
import { MemoryRegistry, RedisRegistry } from "../../../services/common/src/registry";
import { describeRegistryContract } from "../../support/registry";

describeRegistryContract("memory", async (opts) => new MemoryRegistry(opts));

let client: Redis | undefined;
afterAll(async () => {
  await client?.quit();
});

describeRegistryContract("redis", async (opts) => {
  client ??= new Redis(process.env.PYRO_TEST_REDIS_URL!, { enableAutoPipelining: true });
  // A unique prefix per test isolates every test's keys and channels.
  return new RedisRegistry({ ...opts, redis: client, keyPrefix: `test:${randomUUID()}:` });
});

// A bot other than the default one: every key in its own namespace (keys.ts), same contract.
describeRegistryContract("redis, bot namespace", async (opts) => {
  client ??= new Redis(process.env.PYRO_TEST_REDIS_URL!, { enableAutoPipelining: true });
  return new RedisRegistry({ ...opts, redis: client, keyPrefix: `test:${randomUUID()}:`, botUserId: "100000000000000002" });
});
