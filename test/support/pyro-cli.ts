/** Runs the `pyro` CLI (`node bin/pyro.js ...`) as a child process and collects its output. */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { REPO_ROOT } from "./pyro-process";

/** Outcome of one CLI run. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `pyro ...args`, resolved when it exits (killed after `timeoutMs`). */
export function runCli(args: string[], { timeoutMs = 30000, env = {} }: { timeoutMs?: number; env?: Record<string, string> } = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(REPO_ROOT, "bin/pyro.js"), ...args], { cwd: REPO_ROOT, timeout: timeoutMs, env: { ...process.env, ...env } }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === "number" ? err.code : null) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** A long-running CLI command (`pyro watch`) whose stdout lines are collected as they arrive. */
export interface CliStream {
  proc: ChildProcess;
  lines: string[];
  stderr(): string;
  /** Sends `signal` (default SIGINT, as Ctrl-C) and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Spawns `pyro ...args` and keeps reading its stdout. */
export function spawnCli(args: string[]): CliStream {
  const proc = spawn(process.execPath, [join(REPO_ROOT, "bin/pyro.js"), ...args], { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "pipe"] });
  const lines: string[] = [];
  let partial = "";
  let err = "";
  proc.stdout!.on("data", (d: Buffer) => {
    partial += d.toString();
    const parts = partial.split("\n");
    partial = parts.pop() ?? "";
    lines.push(...parts);
  });
  proc.stderr!.on("data", (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => proc.once("exit", (code) => resolve(code)));
  return {
    proc, lines,
    stderr: () => err,
    async stop(signal = "SIGINT") {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      return exited;
    },
  };
}
