/**
 * `--config file.yaml|json` for every service: values come from the file below flags and the
 * environment, and every problem names the file and key (the old code blamed PYRO_GRPC_PORT for a
 * bad `grpc-port` in the file).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError } from "../../../services/common/src/config/flags";
import { loadRouterConfig } from "../../../services/router/src/config";
import { loadLavanodeConfig } from "../../../services/lavanode/src/config";

/** The cluster token every server requires, from the environment as in a deployment. */
const CT = { PYRO_CLUSTER_TOKEN: "cluster-token-0123456789" };
const dir = mkdtempSync(join(tmpdir(), "pyro-config-"));
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const problemsOf = (fn: () => unknown): readonly string[] => {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error("expected a ConfigError");
};

describe("config files", () => {
  it("reads a Router's YAML file; flag > environment > file > default", () => {
    const path = file("router.yaml", "redis: redis://10.0.0.2:6379\ngrpc-port: 50055\nrebalance: true\nlog-format: pretty\nmetrics-port: 9464\n");
    const c = loadRouterConfig(["--config", path, "--metrics-port", "9465"], { ...CT, PYRO_GRPC_PORT: "50056" });
    expect(c).toMatchObject({ redis: "redis://10.0.0.2:6379", grpcPort: 50056, rebalance: true, logFormat: "pretty", metricsPort: 9465, redisPrefix: "pyro:" });
  });

  it("reads a Lavanode's JSON file given by PYRO_CONFIG", () => {
    const path = file("lavanode.json", JSON.stringify({ "node-id": "ll-a", lavalink: "http://10.0.0.11:2333", "lavalink-password": "pw", "user-id": "1", redis: "redis://r:6379" }));
    expect(loadLavanodeConfig([], { ...CT, PYRO_CONFIG: path })).toMatchObject({ nodeId: "ll-a", lavalink: "http://10.0.0.11:2333", userId: "1" });
  });

  it("names the file and key of a bad value, and never the environment variable", () => {
    const path = file("bad.json", '{"grpc-port": "abc", "redis": "redis://r:6379"}');
    expect(problemsOf(() => loadRouterConfig(["--config", path], CT))).toEqual([`${path}: "grpc-port" must be a port number 0..65535, got "abc"`]);
  });

  it("reports unknown keys, YAML syntax errors with their line, and unreadable files", () => {
    const unknown = file("unknown.yaml", "redis: redis://r:6379\ngrpc_port: 1\n");
    expect(problemsOf(() => loadRouterConfig(["--config", unknown], CT))).toEqual([`${unknown}: unknown key "grpc_port" (keys are flag names, e.g. "grpc-port")`]);
    const broken = file("broken.yaml", "redis: redis://r:6379\ngrpc-port: [1,\n");
    expect(problemsOf(() => loadRouterConfig(["--config", broken], CT))[0]).toMatch(new RegExp(`^${broken}: line \\d+: `));
    expect(problemsOf(() => loadRouterConfig(["--config", join(dir, "missing.yaml"), "--redis", "redis://r"], CT))).toEqual([`${join(dir, "missing.yaml")}: cannot read the config file (ENOENT)`]);
  });

  it("does not echo a secret from the file", () => {
    const path = file("secret.yaml", "redis: redis://r:6379\nauth-token: ''\n");
    const problems = problemsOf(() => loadRouterConfig(["--config", path], CT));
    expect(problems).toEqual([`${path}: "auth-token" must not be empty`]);
  });
});
