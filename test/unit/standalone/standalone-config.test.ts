/** Standalone configuration: --lavalink specs, the JSON config file, env precedence, every problem at once. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError } from "../../../services/common/src/config/flags";
import { EMULATED_USER_ID, loadStandaloneConfig } from "../../../services/standalone/src/config";
import { validateLavalinkFlag } from "../../../services/standalone/src/lavalink-spec";

const problemsOf = (fn: () => unknown): readonly string[] => {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  throw new Error("expected a ConfigError");
};

const file = (content: unknown): string => {
  const path = join(mkdtempSync(join(tmpdir(), "pyro-standalone-")), "pyro.json");
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
};

describe("standalone config", () => {
  it("defaults: emulated Lavalink servers, 127.0.0.1:50051, in-memory registry", () => {
    const c = loadStandaloneConfig([], {});
    expect(c).toMatchObject({ emulated: true, emulators: 2, lavalink: [], grpcHost: "127.0.0.1", grpcPort: 50051, redis: undefined, userId: EMULATED_USER_ID });
    expect(Object.isFrozen(c)).toBe(true);
  });

  it("parses repeated --lavalink name=url,password; the password may hold commas", () => {
    const c = loadStandaloneConfig(["--lavalink", "a=http://10.0.0.1:2333,pw", "--lavalink=b=https://ll.example:443,p,w", "--user-id", "123"], {});
    expect(c.emulated).toBe(false);
    expect(c.lavalink).toEqual([
      { name: "a", url: "http://10.0.0.1:2333", password: "pw", region: undefined, capacity: undefined },
      { name: "b", url: "https://ll.example:443", password: "p,w", region: undefined, capacity: undefined },
    ]);
  });

  it("reads PYRO_LAVALINK as a ;-separated list and lets flags win over env", () => {
    const c = loadStandaloneConfig(["--grpc-port", "6000"], { PYRO_LAVALINK: "a=http://h:1,x;b=http://h:2,y", PYRO_USER_ID: "9", PYRO_GRPC_PORT: "7000" });
    expect(c.lavalink.map((s) => s.name)).toEqual(["a", "b"]);
    expect(c.grpcPort).toBe(6000);
  });

  it("reads servers and flag-named keys from --config; flag > env > file", () => {
    const path = file({ lavalink: [{ name: "main", url: "http://127.0.0.1:2333", password: "secret", region: "eu", capacity: 50 }], "user-id": "42", "grpc-port": 6001, "log-level": "warn" });
    const c = loadStandaloneConfig(["--config", path, "--log-level", "debug"], { PYRO_GRPC_PORT: "6002" });
    expect(c.lavalink).toEqual([{ name: "main", url: "http://127.0.0.1:2333", password: "secret", region: "eu", capacity: 50 }]);
    expect(c).toMatchObject({ userId: "42", grpcPort: 6002, logLevel: "debug", emulated: false });
  });

  it("reports every problem at once and never echoes a password", () => {
    const path = file({ lavalink: [{ name: "bad name", url: "ftp://x", password: "" }, { name: "a", url: "http://h:1", password: "hunter2", extra: 1 }], "no-such-flag": 1 });
    const problems = problemsOf(() => loadStandaloneConfig(["--config", path, "--lavalink", "a=http://h:2,hunter2", "--lavalink", "nonsense", "--tls-cert", "c.pem"], {}));
    expect(problems).toEqual(expect.arrayContaining([
      expect.stringMatching(/unknown key "no-such-flag"/),
      expect.stringMatching(/lavalink\[0\]: name must be/),
      expect.stringMatching(/lavalink\[0\]: url must be http/),
      expect.stringMatching(/lavalink\[0\]: password must be a non-empty string/),
      expect.stringMatching(/lavalink\[1\]: unknown key "extra"/),
      expect.stringMatching(/--lavalink #2 must look like name=url,password/),
      expect.stringMatching(/--user-id .* is required when Lavalink servers are configured/),
      expect.stringMatching(/--tls-cert and --tls-key go together/),
    ]));
    expect(problems.join("\n")).not.toMatch(/hunter2/);
  });

  it("rejects a duplicate node name and an unreadable config file", () => {
    expect(problemsOf(() => loadStandaloneConfig(["--lavalink", "a=http://h:1,x", "--lavalink", "a=http://h:2,y", "--user-id", "1"], {}))).toEqual([`Lavalink name "a" is used twice`]);
    expect(problemsOf(() => loadStandaloneConfig(["--config", file("{not json")], {}))[0]).toMatch(/^\/.*pyro.json: line 1: /);
  });

  it("validateLavalinkFlag does not echo what follows the name", () => {
    const r = validateLavalinkFlag("a=http://h:1", "--lavalink #1");
    expect(r.problems).toEqual([`--lavalink #1 must look like name=url,password (no ,password after the URL of "a")`]);
    expect(validateLavalinkFlag("secret-ish", "--lavalink #2").problems).toEqual(["--lavalink #2 must look like name=url,password (no name= found)"]);
  });
});
