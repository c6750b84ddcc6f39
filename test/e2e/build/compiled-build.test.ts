/**
 * The compiled build (`npm run build`, here into a scratch directory inside the repository) runs
 * without TypeScript: the build output's `services/cli/main.js` is started with plain `node` (no
 * swc hook), as a Router on the test Redis and as standalone Pyro with its two emulated Lavalink
 * servers (so the emulator is compiled too), and both answer gRPC.
 */
import { spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import { createPyroClient } from "../../../clients/ts/src";
import { HealthClient, HealthCheckResponse_ServingStatus } from "../../../gen/ts/grpc/health/v1/health";
import { REPO_ROOT, startPyro, type PyroProcess } from "../../support/pyro-process";
import { waitFor } from "../../support/wait-for";
import { CLUSTER_TOKEN_ARGS } from "../../support/cluster-token";

const OUT_DIR = join(REPO_ROOT, ".results", `build-check-${process.pid}`);
const ENTRY = join(OUT_DIR, "services", "cli", "main.js");

describe("compiled build", () => {
  const started: PyroProcess[] = [];
  beforeAll(() => {
    const r = spawnSync(process.execPath, [join(REPO_ROOT, "scripts", "build.js"), "--out-dir", OUT_DIR], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`build failed (${r.status}): ${r.stdout}${r.stderr}`);
  });
  afterAll(async () => {
    for (const p of started) await p.stop();
    rmSync(OUT_DIR, { recursive: true, force: true });
  });

  it("emits JavaScript for the CLI, the generated stubs and the emulator, and the descriptor set", () => {
    for (const f of ["services/cli/main.js", "services/router/src/main.js", "services/lavanode/src/main.js",
      "gen/ts/pyro/router/v1/router_service.js", "gen/descriptor.binpb", "test/lavalink-emulator/index.js"]) {
      expect([f, existsSync(join(OUT_DIR, f))]).toEqual([f, true]);
    }
    expect(existsSync(join(OUT_DIR, "services/cli/main.ts"))).toBe(false);
  });

  it("a compiled Router starts and reports SERVING", async () => {
    const router = await startPyro(["router", "--grpc-host", "127.0.0.1", "--grpc-port", "0", "--redis", process.env.PYRO_TEST_REDIS_URL!,
      "--redis-prefix", `build-check-${process.pid}:`, ...CLUSTER_TOKEN_ARGS], { entry: ENTRY });
    started.push(router);
    const health = new HealthClient(`127.0.0.1:${router.port}`, grpc.credentials.createInsecure());
    try {
      const status = await new Promise<number>((resolve, reject) => health.check({ service: "" }, (err, res) => (err ? reject(err) : resolve(res!.status))));
      expect(status).toBe(HealthCheckResponse_ServingStatus.SERVING);
    } finally {
      health.close();
    }
  });

  it("compiled standalone Pyro starts its emulated Lavalink servers and lists both nodes connected", async () => {
    const standalone = await startPyro(["standalone", "--grpc-port", "0"], { entry: ENTRY, timeoutMs: 60000 });
    started.push(standalone);
    const client = createPyroClient(`127.0.0.1:${standalone.port}`);
    try {
      const nodes = await waitFor(async () => {
        const r = await client.listNodes({ states: [] });
        return r.nodes.length === 2 && r.nodes.every((n) => n.lavalinkConnected) ? r.nodes : undefined;
      }, { timeoutMs: 30000, what: "both emulated nodes connected" });
      expect(nodes.map((n) => n.id).sort()).toEqual(["emulated-a", "emulated-b"]);
    } finally {
      client.close();
    }
  });
});
