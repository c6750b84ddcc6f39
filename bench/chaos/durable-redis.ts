/**
 * A redis-server for chaos runs that can be restarted on the same port with its data: AOF on with
 * `appendfsync always`, so a restart loses no acknowledged write.
 */
import { spawn, type ChildProcess } from "node:child_process";
import Redis from "ioredis";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../support/redis-server";
import { waitFor } from "../../test/support/wait-for";

/** A restartable Redis. */
export interface DurableRedis {
  url: string;
  /** Graceful restart (SIGTERM, then start again on the same port and directory). */
  restart(): Promise<void>;
  /** SIGSTOP: a registry stall (connections stay open, every command hangs) until `resume`. */
  pause(): void;
  /** SIGCONT. */
  resume(): void;
  stop(): Promise<void>;
}

async function pingable(url: string): Promise<boolean> {
  const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  r.on("error", () => undefined);
  try {
    await r.connect();
    return (await r.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    r.disconnect();
  }
}

/** Starts Redis in a fresh temporary directory. */
export async function startDurableRedis(): Promise<DurableRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "pyro-chaos-redis-"));
  const url = `redis://127.0.0.1:${port}`;
  let proc: ChildProcess | undefined;
  const start = async (): Promise<void> => {
    proc = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--appendonly", "yes",
      "--appendfsync", "always", "--save", "", "--daemonize", "no"], { stdio: "ignore" });
    await waitFor(() => pingable(url), { timeoutMs: 15000, what: "redis-server" });
  };
  const kill = async (signal: NodeJS.Signals): Promise<void> => {
    const p = proc;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    const exited = new Promise((resolve) => p.once("exit", resolve));
    p.kill(signal);
    await exited;
  };
  await start();
  return {
    url,
    pause() {
      proc?.kill("SIGSTOP");
    },
    resume() {
      proc?.kill("SIGCONT");
    },
    async restart() {
      await kill("SIGTERM");
      await start();
    },
    async stop() {
      proc?.kill("SIGCONT");
      await kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
