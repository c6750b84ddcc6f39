/**
 * The registry through Redis Sentinel: a real `redis-server --sentinel` monitors the test Redis
 * as master "pyro-test"; a registry opened with a redis-sentinel:// URL asks it for the master and
 * works (records and pub/sub) against the same data as a direct connection.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { RedisRegistry } from "../../../services/common/src/registry/redis-registry";
import { waitFor } from "../../support/wait-for";
import { stablePort } from "../../support/stable-port";

describe("registry through Redis Sentinel", () => {
  let dir: string;
  let sentinel: ChildProcess;
  let port: number;

  beforeAll(async () => {
    const master = new URL(process.env.PYRO_TEST_REDIS_URL!);
    port = await stablePort();
    dir = mkdtempSync(join(tmpdir(), "pyro-sentinel-"));
    const conf = join(dir, "sentinel.conf");
    writeFileSync(conf, [`port ${port}`, "bind 127.0.0.1", `dir ${dir}`, `sentinel monitor pyro-test 127.0.0.1 ${master.port} 1`,
      "sentinel down-after-milliseconds pyro-test 60000"].join("\n") + "\n");
    sentinel = spawn("redis-server", [conf, "--sentinel"], { stdio: "ignore" });
    await waitFor(() => new Promise<boolean>((resolve) => {
      const s = connect(port, "127.0.0.1", () => { s.destroy(); resolve(true); });
      s.on("error", () => resolve(false));
    }), { timeoutMs: 15000, what: "sentinel port" });
    // The sentinel answers once it knows the master.
    const probe = new RedisRegistry({ url: `redis-sentinel://127.0.0.1:${port}/pyro-test`, keyPrefix: "sentinel-probe:" });
    try {
      await waitFor(async () => (await probe.nodes.list()) !== undefined, { timeoutMs: 15000, what: "sentinel to serve the master" });
    } finally {
      await probe.close();
    }
  });

  afterAll(async () => {
    if (sentinel && sentinel.exitCode === null) {
      const exited = new Promise((r) => sentinel.once("exit", r));
      sentinel.kill("SIGTERM");
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it("reads and writes the master's data and delivers pub/sub", async () => {
    const prefix = `sentinel-${randomUUID().slice(0, 8)}:`;
    const viaSentinel = new RedisRegistry({ url: `redis-sentinel://127.0.0.1:${port}/pyro-test`, keyPrefix: prefix });
    const direct = new RedisRegistry({ url: process.env.PYRO_TEST_REDIS_URL!, keyPrefix: prefix });
    try {
      await viaSentinel.players.create({ guildId: "123456789012345678", ownerNodeId: "node-a" });
      expect((await direct.players.get("123456789012345678"))?.ownerNodeId).toBe("node-a");
      const deaths: string[] = [];
      const sub = await viaSentinel.events.subscribeNodeDeaths((d) => deaths.push(d.nodeId));
      await direct.events.publishNodeDeath("node-z", "test");
      await waitFor(() => deaths.includes("node-z"), { what: "death notification through the sentinel-resolved connection" });
      await sub.unsubscribe();
    } finally {
      await viaSentinel.close();
      await direct.close();
    }
  });
});
