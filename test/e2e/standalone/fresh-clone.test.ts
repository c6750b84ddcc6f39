/**
 * From a fresh checkout to a playing track: copies the repository into a temp dir, runs the
 * README's run command there (`make run`, on a free port), waits for the port, plays a track through
 * the strict reflection client (the grpcurl stand-in: no proto files), and stops Pyro with SIGTERM.
 *
 * The checkout is the set of files a commit of the working tree would hold (`git ls-files --cached
 * --others --exclude-standard`), copied with their timestamps, rather than a `git clone` of HEAD:
 * a clone would test the last commit instead of the tree under test. node_modules is a symlink to
 * this repository's (a real `npm ci` needs the network and minutes); generated code (gen/,
 * clients/python/gen/) is not copied, so `make run` regenerates it as on a fresh machine. Before
 * running, `make -n run` must not plan an `npm ci`, which would replace the shared node_modules.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { copyFileSync, existsSync, lstatSync, readlinkSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, unlinkSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { REPO_ROOT } from "../../support/pyro-process";
import { reflect } from "../../support/reflect-client";
import { waitFor } from "../../support/wait-for";

/** The files of a checkout: tracked plus untracked-but-not-ignored, minus deleted ones. */
function checkoutFiles(): string[] {
  const out = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: REPO_ROOT, encoding: "utf8" });
  return [...new Set(out.split("\0").filter((f) => f !== ""))].filter((f) => existsSync(join(REPO_ROOT, f)));
}

function copyCheckout(dest: string): void {
  for (const f of checkoutFiles()) {
    const from = join(REPO_ROOT, f);
    const to = join(dest, f);
    mkdirSync(dirname(to), { recursive: true });
    // A committed symlink (clients/ts/gen → the generated code) is copied as a link, as git checks it out.
    if (lstatSync(from).isSymbolicLink()) {
      symlinkSync(readlinkSync(from), to);
      continue;
    }
    copyFileSync(from, to);
    const st = statSync(from);
    utimesSync(to, st.atime, st.mtime);
  }
  symlinkSync(join(REPO_ROOT, "node_modules"), join(dest, "node_modules"), "dir");
}

/** The run command of the README's "Two commands" block. */
function readmeRunCommand(dir: string): string[] {
  const readme = readFileSync(join(dir, "README.md"), "utf8");
  const line = readme.split("\n").find((l) => /^make run\b/.test(l));
  if (!line) throw new Error("README has no `make run` line");
  return line.replace(/#.*$/, "").trim().split(/\s+/);
}

describe("fresh checkout: README run command, reflection, SIGTERM", () => {
  let dir: string;
  let make: ChildProcess | undefined;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "pyro-checkout-"));
    copyCheckout(dir);
  });
  afterAll(() => {
    if (make && make.exitCode === null && make.signalCode === null) make.kill("SIGKILL");
    // Remove the symlink first so nothing can follow it into the real node_modules.
    if (dir) {
      try {
        unlinkSync(join(dir, "node_modules"));
      } catch {
        // the copy failed before the link was made
      }
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("starts with `make run`, plays a track via reflection and stops cleanly", async () => {
    const command = readmeRunCommand(dir);
    expect(command).toEqual(["make", "run"]);
    const plan = execFileSync("make", ["-n", "run"], { cwd: dir, encoding: "utf8" });
    expect(plan).not.toMatch(/npm ci/);
    expect(plan).toMatch(/buf generate/); // gen/ was not copied: it is built as on a fresh machine

    // A free port instead of 50051, so a developer's own `make run` does not collide.
    make = spawn(command[0]!, [...command.slice(1), "GRPC_PORT=0"], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
    const exited = new Promise<number | null>((resolve) => make!.once("exit", (code) => resolve(code)));
    let output = "";
    make.stdout!.on("data", (d: Buffer) => (output += d.toString()));
    make.stderr!.on("data", (d: Buffer) => (output += d.toString()));
    const records = (): Array<{ msg: string; port?: number; pid?: number }> =>
      output.split("\n").filter((l) => l.startsWith("{")).flatMap((l) => {
        try {
          return [JSON.parse(l) as { msg: string; port?: number; pid?: number }];
        } catch {
          return [];
        }
      });
    const ready = await waitFor(() => {
      if (make!.exitCode !== null) throw new Error(`make run exited ${make!.exitCode}:\n${output}`);
      return records().find((r) => r.msg.endsWith("listening") && typeof r.port === "number");
    }, { timeoutMs: 150000, intervalMs: 100, what: "make run to listen" });
    // The first log lines say that emulated Lavalink servers are used.
    expect(records()[0]!.msg).toMatch(/^no Lavalink configured: starting 2 emulated Lavalink servers/);

    const address = `127.0.0.1:${ready.port}`;
    const guildId = "450000000000000001";
    const voice = { sessionId: "s1", token: "t1", endpoint: "us-east1.discord.media:443", channelId: "250000000000000001" };
    const played = await reflect(address, ["call", "pyro.router.v1.RouterService/UpdatePlayer", JSON.stringify({ guildId, identifier: "emulator:fresh clone:300000", voice })]);
    expect(played.code).toBe(0);
    expect(played.out[0]).toMatchObject({ player: { phase: "PLAYER_PHASE_PLACED", player: { guildId, track: { info: { title: "fresh clone" } } } } });
    await waitFor(async () => {
      const got = await reflect(address, ["call", "pyro.router.v1.RouterService/GetPlayer", JSON.stringify({ guildId })]);
      const state = (got.out[0] as { player?: { player?: { state?: { connected?: boolean; positionMs?: string } } } }).player?.player?.state;
      return state?.connected === true && Number(state.positionMs ?? 0) > 0;
    }, { timeoutMs: 20000, intervalMs: 250, what: "the track to play" });

    process.kill(ready.pid!, "SIGTERM");
    expect(await exited).toBe(0);
    expect(records().some((r) => r.msg === "shutting down")).toBe(true);
  });
});
