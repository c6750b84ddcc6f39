/**
 * A redis-server of a test's own (not the run's shared one), on a stable port, so a test can stall
 * it (SIGSTOP) without stalling every other test file of the run.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stablePort } from "./stable-port";
import { waitFor } from "./wait-for";

/** A private Redis. */
export interface PrivateRedis {
  url: string;
  /** SIGSTOP: every command hangs until `resume` (connections stay open). */
  pause(): void;
  /** SIGCONT. */
  resume(): void;
  stop(): Promise<void>;
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect(port, "127.0.0.1");
    sock.setTimeout(500, () => { sock.destroy(); resolve(false); });
    sock.on("error", () => resolve(false));
    sock.on("connect", () => sock.write("PING\r\n"));
    sock.on("data", (d) => { sock.destroy(); resolve(d.toString().startsWith("+PONG")); });
  });
}

/** Starts redis-server (AOF on) in a temporary directory and waits until it answers PING. */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await stablePort();
  const dir = mkdtempSync(join(tmpdir(), "pyro-private-redis-"));
  const proc = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--appendonly", "yes",
    "--save", "", "--daemonize", "no"], { stdio: "ignore" });
  const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
  await waitFor(() => ping(port), { timeoutMs: 10000, what: "private redis-server" });
  return {
    url: `redis://127.0.0.1:${port}`,
    pause: () => void proc.kill("SIGSTOP"),
    resume: () => void proc.kill("SIGCONT"),
    async stop() {
      proc.kill("SIGCONT");
      proc.kill("SIGKILL");
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
