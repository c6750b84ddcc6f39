/**
 * Runs `pyro <command>` as a real child process and waits until it logs that it listens.
 * Its JSON log lines are kept so tests can assert on them (and on secrets never appearing).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { waitFor } from "./wait-for";

export const REPO_ROOT = join(__dirname, "../..");

/** A running Pyro process. */
export interface PyroProcess {
  proc: ChildProcess;
  port: number;
  logs: string[];
  /** Sends `signal` (default SIGTERM) and waits for exit; returns the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Options of `startPyro`. */
export interface StartPyroOptions {
  env?: Record<string, string>;
  timeoutMs?: number;
  /** Script to run instead of bin/pyro.js (e.g. a compiled `services/cli/main.js`). */
  entry?: string;
  /** Flags of node itself, before the script (e.g. `--cpu-prof`). */
  nodeArgs?: string[];
}

/**
 * Spawns `node [nodeArgs] bin/pyro.js ...args` (or `entry` instead of bin/pyro.js) and resolves
 * once a log line with `msg` ending in "listening" appears.
 */
export async function startPyro(args: string[], opts: StartPyroOptions = {}): Promise<PyroProcess> {
  const proc = spawn(process.execPath, [...(opts.nodeArgs ?? []), opts.entry ?? join(REPO_ROOT, "bin/pyro.js"), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...opts.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logs: string[] = [];
  let buffered = "";
  proc.stderr!.on("data", (d: Buffer) => {
    buffered += d.toString();
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    logs.push(...lines);
  });
  proc.stdout!.on("data", (d: Buffer) => logs.push(...d.toString().split("\n").filter(Boolean)));
  const exited = new Promise<number | null>((resolve) => proc.once("exit", (code) => resolve(code)));
  const port = await waitFor(() => {
    if (proc.exitCode !== null) throw new Error(`pyro exited with ${proc.exitCode}: ${logs.join("\n")}`);
    for (const line of logs) {
      try {
        const rec = JSON.parse(line) as { msg?: string; port?: number };
        if (rec.msg?.endsWith("listening") && typeof rec.port === "number") return rec.port;
      } catch {
        /* not a JSON line */
      }
    }
    return undefined;
  }, { timeoutMs: opts.timeoutMs ?? 30000, what: `pyro ${args[0]} to listen` });
  return {
    proc, port, logs,
    async stop(signal = "SIGTERM") {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      return exited;
    },
  };
}
