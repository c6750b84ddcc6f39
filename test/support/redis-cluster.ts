/**
 * A real local Redis Cluster for tests: 3 masters + 3 replicas of Debian's `redis-server`, joined by
 * `redis-cli --cluster create`, on ports below the ephemeral range (stable-port.ts), with a short
 * node timeout so a killed master's replica is promoted in about two seconds. Persistence as the
 * docs recommend for the registry: AOF, fsync every second. Start one per test file (beforeAll);
 * `stop()` kills only the processes it started and removes their directories.
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { stablePort } from "./stable-port";
import { waitFor } from "./wait-for";

const run = promisify(execFile);

/** One cluster node process. */
export interface ClusterNodeProcess {
  port: number;
  child: ChildProcess;
}

/** A running cluster. */
export interface RedisClusterUnderTest {
  /** `redis-cluster://127.0.0.1:p1,...` listing every node as a seed. */
  url: string;
  nodes: ClusterNodeProcess[];
  /** Runs redis-cli against one node; resolves with its stdout. */
  cli(port: number, ...args: string[]): Promise<string>;
  /** Port of the master currently serving `key`'s slot (asked of a live node). */
  masterPortOf(key: string): Promise<number>;
  /** Port of a replica of the master on `masterPort`. */
  replicaPortOf(masterPort: number): Promise<number>;
  /** SIGKILLs the node on `port` and waits for its exit. */
  kill9(port: number): Promise<void>;
  /** Resolves once every slot is served again (cluster_state:ok on every live node). */
  waitHealthy(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

async function cli(port: number, ...args: string[]): Promise<string> {
  const { stdout } = await run("redis-cli", ["-p", String(port), ...args], { timeout: 10000 });
  return stdout;
}

/** Starts the cluster. @throws (after killing what it started) when it does not form within 30 s. */
export async function startRedisCluster(): Promise<RedisClusterUnderTest> {
  // Ports are picked free but not reserved: another test process may bind one of the twelve before
  // its node does, and that node then exits. A fresh set of ports gets a fresh start.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce();
    } catch (err) {
      if (attempt >= 3) throw err;
    }
  }
}

async function startOnce(): Promise<RedisClusterUnderTest> {
  const dir = mkdtempSync(join(tmpdir(), "pyro-test-cluster-"));
  const nodes: ClusterNodeProcess[] = [];
  const live = (): ClusterNodeProcess[] => nodes.filter((n) => n.child.exitCode === null && n.child.signalCode === null);
  const stopAll = async (): Promise<void> => {
    await Promise.all(live().map((n) => new Promise<void>((resolve) => {
      n.child.once("exit", () => resolve());
      n.child.kill("SIGTERM");
    })));
    rmSync(dir, { recursive: true, force: true });
  };
  const waitHealthy = async (timeoutMs = 30000): Promise<void> => {
    await waitFor(async () => {
      const states = await Promise.all(live().map((n) => cli(n.port, "cluster", "info")));
      return states.every((s) => s.includes("cluster_state:ok") && s.includes("cluster_slots_ok:16384"));
    }, { timeoutMs, intervalMs: 50, what: "the Redis Cluster to serve every slot" });
  };
  try {
    for (let i = 0; i < 6; i++) {
      const port = await stablePort();
      const busPort = await stablePort();
      const nodeDir = join(dir, String(port));
      await run("mkdir", ["-p", nodeDir]);
      const child = spawn("redis-server", [
        "--port", String(port), "--cluster-port", String(busPort), "--bind", "127.0.0.1", "--dir", nodeDir,
        "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "1000",
        "--appendonly", "yes", "--appendfsync", "everysec", "--enable-debug-command", "local", "--save", "", "--daemonize", "no", "--logfile", "redis.log",
      ], { stdio: "ignore" });
      nodes.push({ port, child });
    }
    await waitFor(async () => {
      const exited = nodes.find((n) => n.child.exitCode !== null || n.child.signalCode !== null);
      if (exited) throw new Error(`cluster node on port ${exited.port} exited at start (port taken?)`);
      return (await Promise.all(nodes.map((n) => cli(n.port, "ping")))).every((r) => r.trim() === "PONG");
    }, { timeoutMs: 20000, what: "every cluster node to answer PING" });
    await run("redis-cli", ["--cluster", "create", ...nodes.map((n) => `127.0.0.1:${n.port}`), "--cluster-replicas", "1", "--cluster-yes"], { timeout: 30000 });
    await waitHealthy();
    // Every replica in sync with its master, so the first test's writes replicate at once.
    await waitFor(async () => {
      const infos = await Promise.all(nodes.map((n) => cli(n.port, "info", "replication")));
      return infos.filter((s) => s.includes("role:slave") && s.includes("master_link_status:up")).length === 3;
    }, { timeoutMs: 20000, intervalMs: 50, what: "three replicas linked to their masters" });
  } catch (err) {
    await stopAll();
    throw err;
  }
  return {
    url: `redis-cluster://${nodes.map((n) => `127.0.0.1:${n.port}`).join(",")}`,
    nodes,
    cli,
    async masterPortOf(key) {
      const port = live()[0]!.port;
      const slot = Number((await cli(port, "cluster", "keyslot", key)).trim());
      // CLUSTER NODES: id addr@bus flags master-id ping pong epoch state slot-range...
      for (const line of (await cli(port, "cluster", "nodes")).trim().split("\n")) {
        const f = line.split(" ");
        if (!f[2]!.split(",").includes("master") || f[2]!.includes("fail")) continue;
        const served = f.slice(8).some((r) => {
          const [a, b = a] = r.split("-");
          return slot >= Number(a) && slot <= Number(b);
        });
        if (served) return Number(f[1]!.split("@")[0]!.split(":")[1]);
      }
      throw new Error(`no live master serves slot ${slot}`);
    },
    async replicaPortOf(masterPort) {
      const lines = (await cli(masterPort, "cluster", "nodes")).trim().split("\n").map((l) => l.split(" "));
      const id = lines.find((f) => f[2]!.includes("myself"))![0];
      const replica = lines.find((f) => f[3] === id && !f[2]!.includes("fail"));
      if (!replica) throw new Error(`master ${masterPort} has no live replica`);
      return Number(replica[1]!.split("@")[0]!.split(":")[1]);
    },
    async kill9(port) {
      const node = nodes.find((n) => n.port === port);
      if (!node || node.child.exitCode !== null || node.child.signalCode !== null) return;
      const exited = new Promise((resolve) => node.child.once("exit", resolve));
      node.child.kill("SIGKILL");
      await exited;
    },
    waitHealthy,
    stop: stopAll,
  };
}
