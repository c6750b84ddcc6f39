/** `pyro router` / `pyro lavanode` as real processes: startup, reflection, config errors, SIGTERM. */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { startPyro, REPO_ROOT } from "../../support/pyro-process";
import { reflect } from "../../support/reflect-client";
import { CLUSTER_TOKEN_ARGS } from "../../support/cluster-token";

function runPyro(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(REPO_ROOT, "bin/pyro.js"), ...args], { env: { ...process.env, ...env }, timeout: 30000 }, (err, stdout, stderr) => {
      resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe("pyro CLI processes", () => {
  it("starts a router that serves reflection and stops cleanly on SIGTERM", async () => {
    const router = await startPyro(["router", "--grpc-host", "127.0.0.1", "--grpc-port", "0", "--redis", process.env.PYRO_TEST_REDIS_URL!, "--auth-token", "tok-123", ...CLUSTER_TOKEN_ARGS]);
    try {
      const listed = await reflect(`127.0.0.1:${router.port}`, ["list"]);
      expect(listed.out[0]).toEqual(expect.arrayContaining(["pyro.router.v1.RouterService", "grpc.health.v1.Health"]));
    } finally {
      expect(await router.stop()).toBe(0);
    }
    expect(router.logs.join("\n")).not.toContain("tok-123");
  });

  it("reports every configuration problem at once and exits 2, without echoing secrets", async () => {
    const r = await runPyro(["lavanode", "--grpc-port", "70000", "--lavalink", "not-a-url", "--capacity", "0"], { PYRO_LAVALINK_PASSWORD: "" });
    expect(r.code).toBe(2);
    for (const problem of [
      "--node-id (or PYRO_NODE_ID) is required",
      "--grpc-port must be a port number 0..65535",
      "--lavalink must be a URL",
      "--capacity must be >= 1",
      "PYRO_LAVALINK_PASSWORD must not be empty",
      "--user-id (or PYRO_USER_ID) is required",
      "--redis (or PYRO_REDIS) is required",
    ]) expect(r.stderr).toContain(problem);
  });

  it("prints help for each server command", async () => {
    const r = await runPyro(["router", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("--auth-token");
    expect(r.stdout).toContain("[PYRO_AUTH_TOKEN]");
  });
});
