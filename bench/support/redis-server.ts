/**
 * Starts a private `redis-server` for a benchmark: a free loopback port, a temporary directory, no
 * persistence. `stop()` kills it and removes the directory.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createConnection } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A running redis-server. */
export interface RedisServer {
  /** `redis://127.0.0.1:<port>` */
  url: string;
  port: number;
  proc: ChildProcess;
  /** Kills the server (SIGTERM, SIGKILL after 5 s) and removes its directory. Idempotent. */
  stop(): Promise<void>;
}

/**
 * A free TCP port outside the ephemeral range, so processes that bind port 0 cannot take it
 * between our check and our bind (see test/support/stable-port.ts).
 */
import { stablePort } from "../../test/support/stable-port";

export { stablePort as freePort };

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = createConnection(port, "127.0.0.1");
    let buf = "";
    sock.setTimeout(500, () => { sock.destroy(); resolve(false); });
    sock.on("error", () => resolve(false));
    sock.on("connect", () => sock.write("PING\r\n"));
    sock.on("data", (d) => {
      buf += d.toString();
      if (buf.includes("\r\n")) { sock.destroy(); resolve(buf.startsWith("+PONG")); }
    });
  });
}

/**
 * Spawns `redis-server` (from PATH) and resolves once it answers PING.
 * @throws when the binary is missing or the server does not answer within `timeoutMs` (default 10 s).
 */
export async function startRedisServer({ timeoutMs = 10000 }: { timeoutMs?: number } = {}): Promise<RedisServer> {
  const port = await stablePort();
  const dir = mkdtempSync(join(tmpdir(), "pyro-bench-redis-"));
  const proc = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "no", "--daemonize", "no"], { stdio: "ignore" });
  const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
  let spawnError: Error | undefined;
  proc.once("error", (err) => (spawnError = err));
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopped ??= (async () => {
    if (proc.exitCode === null && proc.signalCode === null && !spawnError) {
      proc.kill("SIGTERM");
      const kill = setTimeout(() => proc.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(kill);
    }
    rmSync(dir, { recursive: true, force: true });
  })());
  const deadline = Date.now() + timeoutMs;
  while (!(await ping(port))) {
    if (spawnError || proc.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`redis-server did not start on port ${port}${spawnError ? `: ${spawnError.message}` : ""}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  return { url: `redis://127.0.0.1:${port}`, port, proc, stop };
}
