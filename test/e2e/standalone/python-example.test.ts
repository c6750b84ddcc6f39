/**
 * clients/python/example.py (Debian /usr/bin/python3 + python3-grpcio, stubs from `make
 * python-gen`) against a live standalone Pyro: it loads a track, plays it with voice credentials
 * and prints the TrackStart event it received through the bidirectional Session stream.
 */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { startPyro, REPO_ROOT, type PyroProcess } from "../../support/pyro-process";
import { createPyroClient } from "../../../clients/ts/src";
import { PlayerPhase } from "../../../gen/ts/pyro/router/v1/player";

const EXAMPLE = join(REPO_ROOT, "clients/python/example.py");
const PLUGIN_EXAMPLE = join(REPO_ROOT, "clients/python/plugin_example.py");

function runExample(args: string[], script = EXAMPLE): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile("/usr/bin/python3", [script, ...args], { timeout: 60000 }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === "number" ? err.code : null) : 0, stdout, stderr }));
  });
}

describe("Python example against standalone Pyro", () => {
  let pyro: PyroProcess;
  beforeAll(async () => {
    pyro = await startPyro(["standalone", "--grpc-port", "0"], { timeoutMs: 60000 });
  });
  afterAll(async () => {
    expect(await pyro?.stop()).toBe(0);
  });

  it("plays a track and prints its TrackStart event from the Session stream", async () => {
    const g = "440000000000000001";
    const r = await runExample([
      "--address", `127.0.0.1:${pyro.port}`, "--guild", g, "--query", "emulator:from python:420000",
      "--voice-session", "py-session", "--voice-token", "py-token", "--voice-endpoint", "us-east1.discord.media:443", "--voice-channel", "240000000000000001",
    ]);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    const lines = r.stdout.trim().split("\n");
    expect(lines).toContain(`subscribed to guild ${g}`);
    expect(lines.find((l) => l.startsWith("loaded "))).toMatch(/^loaded 'from python' by Emulator on node emulated-[ab]$/);
    expect(lines.find((l) => l.startsWith("player "))).toMatch(/^player on node emulated-[ab], phase PLAYER_PHASE_PLACED$/);
    const last = lines[lines.length - 1]!;
    expect(last.startsWith("TrackStart ")).toBe(true);
    const event = JSON.parse(last.slice("TrackStart ".length)) as { guildId: string; nodeId: string; trackStart: { track: { info: { title: string; lengthMs: string } } } };
    expect(event).toMatchObject({ guildId: g, trackStart: { track: { info: { title: "from python", lengthMs: "420000" } } } });

    // The Router agrees: the player is placed on the node the event came from, with the voice sent.
    const client = createPyroClient(`127.0.0.1:${pyro.port}`);
    try {
      const p = await client.getPlayer({ guildId: g });
      expect(p.player).toMatchObject({ phase: PlayerPhase.PLAYER_PHASE_PLACED, nodeId: event.nodeId });
      expect(p.player?.player?.voice).toMatchObject({ sessionId: "py-session", channelId: "240000000000000001" });
    } finally {
      client.close();
    }
  });

  it("calls plugin routes with CallPlugin: player-scoped on the player's node, global on a node with the plugin", async () => {
    const g = "440000000000000003";
    const played = await runExample(["--address", `127.0.0.1:${pyro.port}`, "--guild", g, "--query", "segments:python talk:420000"]);
    expect(played.code).toBe(0);
    const addr = ["--address", `127.0.0.1:${pyro.port}`];
    const put = await runExample([...addr, "--guild", g, "PUT", "/sponsorblock/categories", "--body", '["sponsor","outro"]'], PLUGIN_EXAMPLE);
    expect(put).toMatchObject({ code: 0, stderr: "" });
    expect(put.stdout).toMatch(/^HTTP 204 from emulated-[ab]\n$/);
    const get = await runExample([...addr, "--guild", g, "GET", "/sponsorblock/categories"], PLUGIN_EXAMPLE);
    expect(get.code).toBe(0);
    expect(JSON.parse(get.stdout.trim().split("\n")[1]!)).toEqual(["sponsor", "outro"]);
    const lyrics = await runExample([...addr, "--guild", g, "GET", "/track/lyrics"], PLUGIN_EXAMPLE);
    expect(lyrics.code).toBe(0);
    expect(JSON.parse(lyrics.stdout.trim().split("\n").slice(1).join("\n")).lines[0].line).toBe("python talk line 1");
    const refused = await runExample([...addr, "GET", "/loadtracks"], PLUGIN_EXAMPLE);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^CallPlugin failed: INVALID_ARGUMENT path: /);
  });

  it("pyro_player.py: play, queue, skip, previous, pause and events through the wrapper", async () => {
    const r = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile("/usr/bin/python3", [join(REPO_ROOT, "clients/python/test_pyro_player.py")], { timeout: 60000, env: { ...process.env, PYRO_ADDRESS: `127.0.0.1:${pyro.port}` } }, (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === "number" ? err.code : null) : 0, stdout, stderr }));
    });
    expect({ code: r.code, stdout: r.stdout, stderr: r.code === 0 ? "" : r.stderr }).toEqual({ code: 0, stdout: "ok\n", stderr: "" });
  });

  it("exits 1 with the command's status when the Router refuses it", async () => {
    const r = await runExample(["--address", `127.0.0.1:${pyro.port}`, "--guild", "440000000000000002", "--voice-channel", "not-a-snowflake"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/command \d+ failed: code 3 .*voice\.channel_id/);
  });
});
