import { spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { parseEmulatorArgs } from "./cli-args";
import { RawClient, rest } from "./raw-client";
import { waitFor } from "./wait-for";

describe("process entry", () => {
  it("parses flags and reports every invalid value at once", () => {
    expect(parseEmulatorArgs(["--port", "0", "--password", "pw", "--voice", "no-voice", "--stats-interval-ms=100", "--clock-speed", "2.5"]))
      .toEqual({ ok: true, options: { port: 0, password: "pw", voice: "no-voice", statsIntervalMs: 100, clockSpeed: 2.5 } });
    const bad = parseEmulatorArgs(["--port", "x", "--voice", "loud", "--player-update-interval-ms", "0", "--what", "1"]);
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.errors).toHaveLength(4);
    expect(parseEmulatorArgs(["--help"])).toEqual({ ok: true, help: true });
  });

  it("--help prints the usage and exits 0 (it used to answer \"--help needs a value\")", async () => {
    const root = join(__dirname, "..", "..");
    const child = spawn(process.execPath, ["-r", "@swc-node/register", "test/lavalink-emulator/main.ts", "--help"], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    const [code] = await once(child, "exit");
    expect(code).toBe(0);
    expect(stdout).toMatch(/^usage: npm run --silent emulator -- --port N --password PW/);
    expect(stdout).toContain("emulator:<title>[:<length_ms>]");
  }, 60000);

  it("prints exactly one listening line, serves Lavalink, and exits cleanly on SIGTERM", async () => {
    const root = join(__dirname, "..", "..");
    const child = spawn(process.execPath, ["-r", "@swc-node/register", "test/lavalink-emulator/main.ts", "--port", "0", "--password", "pw",
      "--player-update-interval-ms", "50"], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    try {
      const line = await waitFor(() => /^listening (http:\/\/127\.0\.0\.1:\d+)\n$/.exec(stdout), { timeoutMs: 30000 });
      const url = line[1];
      expect((await rest(url, "GET", "/version", { password: "pw" })).text).toBe("4.2.2");
      const c = await RawClient.connect(url, { password: "pw" });
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      const [code] = await exited;
      expect(code).toBe(0);
      await waitFor(() => c.closeCode !== null);
      expect(c.closeCode).toBe(1001);
      expect(stdout.split("\n").filter(Boolean)).toHaveLength(1);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  }, 60000);
});
