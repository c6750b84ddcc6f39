/**
 * A Lavanode under test: the emulator and the Lavanode as processes, a registry client on the
 * test's Redis with a unique key prefix, and a LavanodeLink (the Router's connection) to drive it.
 */
import { randomUUID } from "node:crypto";
import * as grpc from "@grpc/grpc-js";
import { RedisRegistry } from "../../services/common/src/registry/redis-registry";
import { LavanodeLink } from "../../services/router/src/nodes/lavanode-link";
import { silentLogger } from "../../services/common/src/logger";
import { HealthClient, HealthCheckResponse_ServingStatus } from "../../gen/ts/grpc/health/v1/health";
import { startEmulatorProcess, type EmulatorProcess } from "./emulator-process";
import { startPyro, type PyroProcess } from "./pyro-process";
import { waitFor } from "./wait-for";
import { CLUSTER_TOKEN_ARGS, TEST_CLUSTER_TOKEN } from "./cluster-token";

export const BOT_USER_ID = "100000000000000001";

/** Voice credentials the emulator accepts. */
export function voiceFor(guildId: string) {
  return { token: `token-${guildId}`, endpoint: "us-east1.discord.media:443", sessionId: `session-${guildId}`, channelId: "200000000000000001" };
}

/** A fresh key prefix and registry client for one test file (on `redisUrl`, default the run's Redis). */
export function testRegistry(redisUrl = process.env.PYRO_TEST_REDIS_URL!): { prefix: string; registry: RedisRegistry } {
  const prefix = `t-${randomUUID().slice(0, 8)}:`;
  return { prefix, registry: new RedisRegistry({ url: redisUrl, keyPrefix: prefix }) };
}

/** Flags of `pyro lavanode` for a test node. */
export function lavanodeArgs(o: { nodeId: string; emulator: EmulatorProcess; prefix: string; extra?: string[]; redisUrl?: string }): string[] {
  return [
    "lavanode", "--node-id", o.nodeId, "--lavalink", o.emulator.url, "--lavalink-password", o.emulator.password,
    "--user-id", BOT_USER_ID, "--grpc-host", "127.0.0.1", "--grpc-port", "0", "--redis", o.redisUrl ?? process.env.PYRO_TEST_REDIS_URL!,
    "--redis-prefix", o.prefix, "--log-level", "debug", ...CLUSTER_TOKEN_ARGS, ...(o.extra ?? []),
  ];
}

/** Starts a Lavanode process (node flags `nodeArgs`, extra PYRO_* variables in `env`) and waits until its health is SERVING. */
export async function startLavanodeProcess(args: string[], timeoutMs = 30000, nodeArgs: string[] = [], env?: Record<string, string>): Promise<PyroProcess> {
  const p = await startPyro(args, { timeoutMs, nodeArgs, env });
  await waitFor(async () => (await healthOf(`127.0.0.1:${p.port}`)) === HealthCheckResponse_ServingStatus.SERVING, { timeoutMs, what: "lavanode SERVING" });
  return p;
}

/** The overall health status of a server, or undefined when unreachable. */
export function healthOf(address: string): Promise<HealthCheckResponse_ServingStatus | undefined> {
  const client = new HealthClient(address, grpc.credentials.createInsecure());
  return new Promise((resolve) => {
    client.check({ service: "" }, new grpc.Metadata(), { deadline: Date.now() + 2000 }, (err, res) => {
      client.close();
      resolve(err ? undefined : res.status);
    });
  });
}

/** Opens a Router-side link to a Lavanode and waits until its stream is open. */
export async function connectLink(nodeId: string, port: number): Promise<LavanodeLink> {
  const link = new LavanodeLink({ nodeId, address: `127.0.0.1:${port}`, routerId: "test-router", logger: silentLogger, clusterToken: TEST_CLUSTER_TOKEN });
  link.start();
  await waitFor(() => link.connected, { what: "link connected" });
  return link;
}

/** Unary call helper. */
export function unary<Res>(fn: (cb: (e: grpc.ServiceError | null, r: Res) => void) => void): Promise<Res> {
  return new Promise((resolve, reject) => fn((e, r) => (e ? reject(e) : resolve(r))));
}
