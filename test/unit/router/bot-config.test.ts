/** `pyro router` flags of several bots: checked once at start, every problem at once, no token echoed. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError } from "../../../services/common/src/config/flags";
import { loadRouterConfig } from "../../../services/router/src/config";
import { loadLavanodeConfig } from "../../../services/lavanode/src/config";

const dir = mkdtempSync(join(tmpdir(), "pyro-botcfg-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const BASE = ["--redis", "redis://127.0.0.1:6379", "--cluster-token", "cluster-token-0123456789"];
const problemsOf = (argv: string[]): string[] => {
  try {
    loadRouterConfig([...BASE, ...argv], {});
  } catch (err) {
    if (err instanceof ConfigError) return [...err.problems];
    throw err;
  }
  return [];
};

describe("router bot flags", () => {
  it("accepts bots and a valid token file", () => {
    const file = join(dir, "ok.yaml");
    writeFileSync(file, 'tokens:\n  - token: "a-token-of-bot-one-0123"\n    bots: ["100000000000000001"]\n');
    const c = loadRouterConfig([...BASE, "--bot-user-id", "100000000000000001", "--bot-user-id", "100000000000000002", "--auth-token", "operator-token-0123456", "--auth-token-file", file], {});
    expect(c.botUserId).toEqual(["100000000000000001", "100000000000000002"]);
  });

  it("reports a bad bot id, a repeated bot, and a token file without its companions or unreadable", () => {
    expect(problemsOf(["--bot-user-id", "12"]).join("\n")).toMatch(/--bot-user-id/);
    expect(problemsOf(["--bot-user-id", "100000000000000001", "--bot-user-id", "100000000000000001"])).toEqual(["--bot-user-id: names a bot twice"]);
    const p = problemsOf(["--auth-token-file", join(dir, "missing.yaml")]);
    expect(p).toEqual(expect.arrayContaining([expect.stringMatching(/needs --bot-user-id/), expect.stringMatching(/needs --auth-token/), expect.stringMatching(/cannot read the file \(ENOENT\)/)]));
  });

  it("reports an invalid token file by path without the token", () => {
    const file = join(dir, "bad.yaml");
    writeFileSync(file, 'tokens:\n  - token: "tiny-secret"\n    bots: ["x"]\n');
    const p = problemsOf(["--bot-user-id", "100000000000000001", "--auth-token", "operator-token-0123456", "--auth-token-file", file]).join("\n");
    expect(p).toMatch(/tokens\[0\]\.token/);
    expect(p).toMatch(/tokens\[0\]\.bots\[0\]/);
    expect(p).not.toContain("tiny-secret");
  });

  it("Lavanode --bot-keys needs a decimal --user-id", () => {
    const argv = ["--node-id", "n", "--lavalink", "http://127.0.0.1:2333", "--lavalink-password", "pw", ...BASE, "--bot-keys"];
    expect(() => loadLavanodeConfig([...argv, "--user-id", "bot"], {})).toThrow(/--bot-keys/);
    expect(loadLavanodeConfig([...argv, "--user-id", "100000000000000002"], {}).botKeys).toBe(true);
  });
});
