/**
 * A real Redis Sentinel group for tests: a master, one replica and one sentinel (quorum 1), each a
 * `redis-server` on a stable port in its own temporary directory. The replica replicates through a
 * partition proxy, so a test can stop replication without the replica noticing (its link stays
 * "up": silence, not a close) and then fail over to a replica that lacks the master's last writes,
 * as asynchronous replication allows.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Redis from "ioredis";
import { startPartitionProxy, type PartitionProxy } from "./partition-proxy";
import { stablePort } from "./stable-port";
import { waitFor } from "./wait-for";

/** Name under which the sentinel monitors the master. */
export const SENTINEL_MASTER_NAME = "pyro-failover";

/** A running group. */
export interface SentinelGroup {
  /** redis-sentinel:// URL for the registry. */
  url: string;
  masterPort: number;
  replicaPort: number;
  /** The replica's replication link (cut it to stop replication). */
  replicationLink: PartitionProxy;
  /** A direct connection to a port of the group (closed by `stop`). */
  direct(port: number): Redis;
  /** SENTINEL FAILOVER, then waits until the sentinel names the replica as master. */
  failover(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts master, replica (through the proxy) and sentinel; resolves once the sentinel knows the replica. */
export async function startSentinelGroup(): Promise<SentinelGroup> {
  const dir = mkdtempSync(join(tmpdir(), "pyro-sentinel-group-"));
  const procs: ChildProcess[] = [];
  const clients: Redis[] = [];
  const [masterPort, replicaPort, sentinelPort] = [await stablePort(), await stablePort(), await stablePort()];
  const server = (name: string, args: string[]): void => {
    procs.push(spawn("redis-server", ["--bind", "127.0.0.1", "--dir", dir, "--dbfilename", `${name}.rdb`, "--save", "", "--daemonize", "no", ...args], { stdio: "ignore" }));
  };
  const direct = (port: number): Redis => {
    const r = new Redis({ host: "127.0.0.1", port, lazyConnect: false, maxRetriesPerRequest: 1 });
    r.on("error", () => undefined);
    clients.push(r);
    return r;
  };
  const stop = async (): Promise<void> => {
    clients.forEach((c) => c.disconnect());
    await Promise.all(procs.map((p) => new Promise<void>((resolve) => {
      if (p.exitCode !== null || p.signalCode !== null) return resolve();
      p.once("exit", () => resolve());
      p.kill("SIGKILL");
    })));
    await link?.close();
    rmSync(dir, { recursive: true, force: true });
  };
  let link: PartitionProxy | undefined;
  try {
    server("master", ["--port", String(masterPort)]);
    link = await startPartitionProxy(masterPort);
    // repl-timeout well above a test's length: a cut link looks alive to the replica.
    server("replica", ["--port", String(replicaPort), "--replicaof", "127.0.0.1", String(link.port), "--repl-timeout", "120"]);
    const conf = join(dir, "sentinel.conf");
    writeFileSync(conf, [`port ${sentinelPort}`, "bind 127.0.0.1", `dir ${dir}`,
      `sentinel monitor ${SENTINEL_MASTER_NAME} 127.0.0.1 ${masterPort} 1`,
      `sentinel down-after-milliseconds ${SENTINEL_MASTER_NAME} 60000`,
      `sentinel failover-timeout ${SENTINEL_MASTER_NAME} 10000`].join("\n") + "\n");
    procs.push(spawn("redis-server", [conf, "--sentinel"], { stdio: "ignore" }));
    const replica = direct(replicaPort);
    await waitFor(async () => /master_link_status:up/.test(await replica.info("replication")), { timeoutMs: 15000, what: "replica to sync" });
    const sentinel = direct(sentinelPort);
    await waitFor(async () => {
      const replicas = (await sentinel.call("SENTINEL", "REPLICAS", SENTINEL_MASTER_NAME)) as string[][];
      return replicas.some((r) => r.includes(String(replicaPort)) && !String(r[r.indexOf("flags") + 1]).includes("disconnected"));
    }, { timeoutMs: 20000, intervalMs: 200, what: "sentinel to discover the replica" });
    const replicationLink = link;
    return {
      url: `redis-sentinel://127.0.0.1:${sentinelPort}/${SENTINEL_MASTER_NAME}`,
      masterPort, replicaPort, replicationLink, direct, stop,
      async failover() {
        await sentinel.call("SENTINEL", "FAILOVER", SENTINEL_MASTER_NAME);
        await waitFor(async () => {
          const addr = (await sentinel.call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", SENTINEL_MASTER_NAME)) as string[];
          return addr[1] === String(replicaPort) && /role:master/.test(await replica.info("replication"));
        }, { timeoutMs: 20000, intervalMs: 100, what: "sentinel to promote the replica" });
      },
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
