/**
 * The packed @pyro/client as a bot developer gets it: `npm pack` of clients/ts, installed from
 * the tarball into fresh projects outside the repository (from npm's cache where it can), run against a
 * standalone Pyro process. One project plays, queues, skips, filters, moves and watches events;
 * the other runs the example discord.js bot's logic on recorded gateway packets and fake slash
 * command interactions (no Discord, no discord.js).
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT, startPyro, type PyroProcess } from "../../support/pyro-process";

const CLIENT_DIR = join(REPO_ROOT, "clients/ts");
const npm = (args: string[], cwd: string): string => execFileSync("npm", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

/** A fresh project in the system temp dir with only the tarball installed. */
function freshProject(tarball: string, name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `pyro-${name}-`));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name, version: "1.0.0", private: true }));
  npm(["install", "--prefer-offline", "--no-audit", "--no-fund", "--no-package-lock", tarball], dir);
  return dir;
}

describe("the packed @pyro/client in fresh projects", () => {
  let pyro: PyroProcess;
  let tarball: string;
  const dirs: string[] = [];

  beforeAll(async () => {
    execFileSync(process.execPath, [join(CLIENT_DIR, "build.js")], { stdio: "ignore" });
    const packDir = mkdtempSync(join(tmpdir(), "pyro-pack-"));
    dirs.push(packDir);
    npm(["pack", "--pack-destination", packDir], CLIENT_DIR);
    tarball = join(packDir, readdirSync(packDir).find((f) => f.endsWith(".tgz"))!);
    // The recorded packets are those of bot user 530000000000000001.
    pyro = await startPyro(["standalone", "--grpc-port", "0", "--user-id", "530000000000000001"], { timeoutMs: 60000 });
  });
  afterAll(async () => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    expect(await pyro?.stop()).toBe(0);
  });

  it("plays, queues, skips, filters, moves and watches events; a move's rebuild is marked replay", () => {
    const dir = freshProject(tarball, "consumer");
    dirs.push(dir);
    cpSync(join(REPO_ROOT, "test/support/packed/consumer.js"), join(dir, "consumer.js"));
    const out = JSON.parse(execFileSync(process.execPath, ["consumer.js"], { cwd: dir, encoding: "utf8", env: { ...process.env, PYRO_ADDRESS: `127.0.0.1:${pyro.port}` } }));
    expect(out).toMatchObject({
      searchType: "track", searchLength: 600000, firstStarted: true, secondStarted: false,
      listed: { now: "alpha", upcoming: ["beta", "gamma"] }, skippedTo: "beta",
      filters: { timescale: { speed: 1.3, pitch: 1.3, rate: 1 }, volume: 0.5 },
      moved: true, volume: 80, previous: "alpha", emptyPrevious: null, json: true, exportsMessages: true,
    });
    expect(out.nodeBefore).not.toBe(out.nodeAfter);
    // As a bot sees them: alpha, beta, beta again on the new node (replay), alpha (previous).
    expect(out.starts.map((s: { title: string; replay: boolean }) => [s.title, s.replay])).toEqual([["alpha", false], ["beta", false], ["beta", true], ["alpha", false]]);
    expect(out.starts.filter((s: { replay: boolean }) => !s.replay).map((s: { title: string }) => s.title)).toEqual(["alpha", "beta", "alpha"]);
    expect(out.starts.every((s: { lengthMs: unknown; seq: number }) => s.lengthMs === 600000 && s.seq > 0)).toBe(true);
    expect(out.queueKinds).toBeGreaterThan(0);
  });

  it("the example bot handles recorded gateway packets and slash commands", () => {
    const dir = freshProject(tarball, "bot");
    dirs.push(dir);
    const bot = join(CLIENT_DIR, "examples/discord-bot");
    cpSync(join(bot, "src"), join(dir, "src"), { recursive: true });
    cpSync(join(bot, "test"), join(dir, "test"), { recursive: true });
    const out = JSON.parse(execFileSync(process.execPath, ["test/recorded.test.js"], { cwd: dir, encoding: "utf8", env: { ...process.env, PYRO_ADDRESS: `127.0.0.1:${pyro.port}` } }));
    expect(out.ok).toBe(true);
    expect(out.announced.filter(([, t]: [string, string]) => t.startsWith("Now playing"))).toEqual([
      ["510000000000000001", "Now playing: first song"], ["510000000000000001", "Now playing: second song"],
    ]);
  });
});
