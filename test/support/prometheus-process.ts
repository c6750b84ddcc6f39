/**
 * A real Prometheus (Debian's `prometheus`) for tests: temp config and storage, a fixed port from
 * stable-port, a short scrape and rule-evaluation interval, and its HTTP query API.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stablePort } from "./stable-port";
import { waitFor } from "./wait-for";

/** A running Prometheus. */
export interface PrometheusProcess {
  url: string;
  /** GET /api/v1/<path> with query parameters; returns the parsed body. */
  api<T = unknown>(path: string, params?: Record<string, string>): Promise<{ status: string; data: T; error?: string }>;
  stop(): Promise<void>;
}

/** Starts Prometheus scraping `targets` (host:port, path /metrics) every second, with `ruleFiles` loaded. */
export async function startPrometheus(targets: Record<string, string[]>, ruleFiles: string[] = []): Promise<PrometheusProcess> {
  const dir = mkdtempSync(join(tmpdir(), "pyro-prometheus-"));
  const port = await stablePort();
  const config = [
    "global:", "  scrape_interval: 1s", "  evaluation_interval: 1s",
    "rule_files:", ...ruleFiles.map((f) => `  - ${JSON.stringify(f)}`),
    "scrape_configs:",
    ...Object.entries(targets).flatMap(([job, hosts]) => [`  - job_name: ${job}`, "    static_configs:", `      - targets: [${hosts.map((h) => JSON.stringify(h)).join(", ")}]`]),
  ].join("\n");
  writeFileSync(join(dir, "prometheus.yml"), config + "\n");
  const proc: ChildProcess = spawn("prometheus", [
    `--config.file=${join(dir, "prometheus.yml")}`, `--storage.tsdb.path=${join(dir, "data")}`, `--web.listen-address=127.0.0.1:${port}`,
  ], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  proc.stderr!.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const api: PrometheusProcess["api"] = async (path, params = {}) => {
    const res = await fetch(`${url}/api/v1/${path}?${new URLSearchParams(params).toString()}`);
    return (await res.json()) as never;
  };
  const stop = async (): Promise<void> => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGKILL");
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitFor(async () => {
      if (proc.exitCode !== null) throw new Error(`prometheus exited with ${proc.exitCode}: ${stderr}`);
      return (await fetch(`${url}/-/ready`)).ok;
    }, { timeoutMs: 30000, what: "prometheus ready" });
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, api, stop };
}
