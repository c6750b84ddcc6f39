import { ConfigError, envName, parseConfig } from "../../../services/common/src/config/flags";

const specs = {
  grpcPort: { flag: "grpc-port", kind: "port", doc: "port", default: 50051 },
  redis: { flag: "redis", kind: "url", doc: "redis url", required: true },
  password: { flag: "lavalink-password", kind: "string", doc: "pw", secret: true, required: true },
  capacity: { flag: "capacity", kind: "int", doc: "max players", min: 1, default: 1000 },
  standby: { flag: "standby", kind: "bool", doc: "standby", default: false },
  voice: { flag: "voice", kind: "string", doc: "mode", choices: ["simulated", "no-voice"], default: "simulated" },
  lavalink: { flag: "lavalink", kind: "list", doc: "servers", default: [] as string[] },
  ratio: { flag: "ratio", kind: "float", doc: "r", min: 0, max: 1 },
} as const;

function problemsOf(fn: () => unknown): readonly string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  throw new Error("expected a ConfigError");
}

describe("parseConfig", () => {
  it("reads flags in both forms, env vars, and applies defaults", () => {
    const cfg = parseConfig(specs, ["--redis", "redis://h:1", "--lavalink-password=pw", "--standby"], { PYRO_CAPACITY: "7" });
    expect(cfg).toEqual({
      grpcPort: 50051, redis: "redis://h:1", password: "pw", capacity: 7, standby: true,
      voice: "simulated", lavalink: [], ratio: undefined,
    });
    expect(Object.isFrozen(cfg)).toBe(true);
  });

  it("lets a flag win over its environment variable", () => {
    const cfg = parseConfig(specs, ["--redis", "redis://a:1", "--lavalink-password", "x", "--grpc-port", "1"], { PYRO_GRPC_PORT: "2" });
    expect(cfg.grpcPort).toBe(1);
  });

  it("collects repeated list flags", () => {
    const cfg = parseConfig(specs, ["--redis", "redis://a", "--lavalink-password", "x", "--lavalink", "a=http://x,p", "--lavalink", "b=http://y,q"], {});
    expect(cfg.lavalink).toEqual(["a=http://x,p", "b=http://y,q"]);
  });

  it("reports every problem at once", () => {
    const problems = problemsOf(() =>
      parseConfig(specs, ["--grpc-port", "99999", "--capacity", "0", "--voice", "loud", "--bogus", "1", "--ratio", "2"], { PYRO_STANDBY: "maybe" }),
    );
    expect(problems).toEqual(expect.arrayContaining([
      "unknown flag --bogus",
      "--grpc-port must be a port number 0..65535, got \"99999\"",
      "--redis (or PYRO_REDIS) is required",
      "--lavalink-password (or PYRO_LAVALINK_PASSWORD) is required",
      "--capacity must be >= 1, got \"0\"",
      "--voice must be one of simulated, no-voice, got \"loud\"",
      "PYRO_STANDBY must be true or false, got \"maybe\"",
      "--ratio must be <= 1, got \"2\"",
    ]));
    expect(problems).toHaveLength(8);
  });

  it("never echoes a secret value in an error", () => {
    const problems = problemsOf(() => parseConfig(specs, ["--redis", "not a url", "--lavalink-password", ""], {}));
    expect(problems.join("\n")).not.toContain("hunter2");
    expect(problems).toContain("--lavalink-password must not be empty");
    const secretSpec = { pw: { flag: "pw", kind: "int", doc: "", secret: true } } as const;
    expect(problemsOf(() => parseConfig(secretSpec, ["--pw", "hunter2"], {}))).toEqual(["--pw must be an integer, got (hidden)"]);
  });

  it("rejects a value-less flag and a flag given twice", () => {
    expect(problemsOf(() => parseConfig(specs, ["--redis", "redis://a", "--lavalink-password", "x", "--capacity"], {}))).toEqual(["--capacity needs a value"]);
    expect(problemsOf(() => parseConfig(specs, ["--redis", "redis://a", "--redis", "redis://b", "--lavalink-password", "x"], {}))).toEqual(["--redis given 2 times"]);
  });

  it("derives PYRO_ environment names", () => {
    expect(envName("lavalink-password")).toBe("PYRO_LAVALINK_PASSWORD");
  });
});
