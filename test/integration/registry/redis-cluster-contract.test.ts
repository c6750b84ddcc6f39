/**
 * The registry contract suite on a third backend: a real local Redis Cluster (3 masters + 3
 * replicas). A key prefix per test isolates keys and (sharded) pub/sub channels.
 */
import { randomUUID } from "node:crypto";
import { RedisRegistry } from "../../../services/common/src/registry";
import { createRedisClient } from "../../../services/common/src/registry/redis-url";
import type { RedisClient } from "../../../services/common/src/registry/redis-client";
import { describeRegistryContract } from "../../support/registry";
import { startRedisCluster, type RedisClusterUnderTest } from "../../support/redis-cluster";

let cluster: RedisClusterUnderTest | undefined;
let client: RedisClient | undefined;

beforeAll(async () => {
  cluster = await startRedisCluster();
}, 60000);

afterAll(async () => {
  await client?.quit();
  await cluster?.stop();
});

describeRegistryContract("redis cluster", async (opts) => {
  client ??= createRedisClient(cluster!.url, { enableAutoPipelining: true });
  return new RedisRegistry({ ...opts, redis: client, keyPrefix: `test:${randomUUID()}:` });
});
