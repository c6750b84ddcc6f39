// Internal-plane configuration (finding 2): Lavanodes require a cluster token and bind loopback by default.
import { ConfigError } from "../../../services/common/src/config/flags";
import { loadLavanodeConfig } from "../../../services/lavanode/src/config";
import { loadRouterConfig } from "../../../services/router/src/config";
import { loadStandaloneConfig } from "../../../services/standalone/src/config";

const LAVANODE = ["--node-id", "a", "--lavalink", "http://127.0.0.1:2333", "--lavalink-password", "pw", "--user-id", "1", "--redis", "redis://127.0.0.1:6379"];
const TOKEN = ["--cluster-token", "0123456789abcdef"];

function problems(fn: () => unknown): readonly string[] {
  try {
    fn();
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
}

describe("cluster token and bind address", () => {
  it("a Lavanode binds 127.0.0.1 unless --grpc-host says otherwise", () => {
    expect(loadLavanodeConfig([...LAVANODE, ...TOKEN], {}).grpcHost).toBe("127.0.0.1");
    expect(loadLavanodeConfig([...LAVANODE, ...TOKEN, "--grpc-host", "10.0.0.5"], {}).grpcHost).toBe("10.0.0.5");
  });

  it("Lavanode and Router require a token of 16+ characters (flag or PYRO_CLUSTER_TOKEN), never echoing it", () => {
    expect(problems(() => loadLavanodeConfig(LAVANODE, {}))).toContain("--cluster-token (or PYRO_CLUSTER_TOKEN) is required");
    expect(problems(() => loadRouterConfig(["--redis", "redis://x"], {}))).toContain("--cluster-token (or PYRO_CLUSTER_TOKEN) is required");
    const short = problems(() => loadLavanodeConfig([...LAVANODE, "--cluster-token", "sekrit"], {}));
    expect(short.join("\n")).toMatch(/--cluster-token must be at least 16 characters/);
    expect(short.join("\n")).not.toContain("sekrit");
    expect(loadRouterConfig(["--redis", "redis://x"], { PYRO_CLUSTER_TOKEN: "0123456789abcdef" }).clusterToken).toBe("0123456789abcdef");
  });

  it("standalone makes its own token when none is given", () => {
    expect(loadStandaloneConfig([], {}).clusterToken).toBeUndefined();
    expect(problems(() => loadStandaloneConfig(["--cluster-token", "short"], {})).join("\n")).toMatch(/at least 16/);
  });

  it("stream caps have defaults and are flags", () => {
    const c = loadRouterConfig(["--redis", "redis://x", ...TOKEN], {});
    expect([c.maxStreamsPerClient, c.maxStreams]).toEqual([256, 4096]);
    expect(loadRouterConfig(["--redis", "redis://x", ...TOKEN, "--max-streams-per-client", "3"], {}).maxStreamsPerClient).toBe(3);
  });
});
