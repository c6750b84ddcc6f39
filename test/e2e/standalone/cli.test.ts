/**
 * The operator CLI (`node bin/pyro.js nodes|players|play|queue|drain|watch|plugin`) against a live
 * standalone Pyro (two emulated Lavalink servers, in-memory registry) that requires a token.
 */
import { REPO_ROOT, startPyro, type PyroProcess } from "../../support/pyro-process";
import { runCli, spawnCli } from "../../support/pyro-cli";
import { execFile } from "node:child_process";
import { join } from "node:path";
import { waitFor } from "../../support/wait-for";
import { createPyroClient, type PyroClient } from "../../../clients/ts/src";
import { PlayerPhase } from "../../../gen/ts/pyro/router/v1/player";

const TOKEN = "cli-test-token";
const guild = (i: number): string => String(420000000000000000n + BigInt(i));
const VOICE = ["--voice-session", "sess", "--voice-token", "tok", "--voice-endpoint", "us-east1.discord.media:443", "--voice-channel", "230000000000000001"];

describe("pyro operator CLI against standalone Pyro", () => {
  let pyro: PyroProcess;
  let client: PyroClient;
  let conn: string[];

  beforeAll(async () => {
    pyro = await startPyro(["standalone", "--grpc-port", "0", "--auth-token", TOKEN], { timeoutMs: 60000 });
    conn = ["--address", `127.0.0.1:${pyro.port}`, "--token", TOKEN];
    client = createPyroClient(`127.0.0.1:${pyro.port}`, { token: TOKEN });
  });
  afterAll(async () => {
    client?.close();
    expect(await pyro?.stop()).toBe(0);
  });

  it("nodes: a table of both emulated nodes, and the same as JSON", async () => {
    const table = await runCli(["nodes", ...conn]);
    expect(table.code).toBe(0);
    const rows = table.stdout.trim().split("\n");
    expect(rows[0]).toMatch(/^NODE\s+STATE\s+LAVALINK\s+PLAYERS/);
    expect(rows.slice(1).map((r) => r.split(/\s+/).slice(0, 3))).toEqual([["emulated-a", "up", "yes"], ["emulated-b", "up", "yes"]]);
    const json = await runCli(["nodes", "--json", ...conn]);
    const parsed = JSON.parse(json.stdout) as { nodes: Array<{ id: string; lavalinkConnected: boolean }> };
    expect(parsed.nodes.map((n) => [n.id, n.lavalinkConnected])).toEqual([["emulated-a", true], ["emulated-b", true]]);
  });

  it("refuses a call without the token (UNAUTHENTICATED, exit 1) and reads PYRO_TOKEN", async () => {
    const denied = await runCli(["nodes", "--address", `127.0.0.1:${pyro.port}`]);
    expect(denied.code).toBe(1);
    expect(denied.stderr).toMatch(/^pyro: UNAUTHENTICATED/);
    const fromEnv = await runCli(["nodes", "--address", `127.0.0.1:${pyro.port}`], { env: { PYRO_TOKEN: TOKEN } });
    expect(fromEnv.code).toBe(0);
  });

  it("play: with voice credentials the player is placed and the track plays", async () => {
    const g = guild(1);
    const r = await runCli(["play", g, "emulator:cli song:600000", ...VOICE, ...conn]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^cli song - Emulator \\(10:00\\) on guild ${g}: placed on node emulated-[ab]\\n$`));
    const p = await client.getPlayer({ guildId: g });
    expect(p.player?.phase).toBe(PlayerPhase.PLAYER_PHASE_PLACED);
    expect(p.player?.player?.voice?.sessionId).toBe("sess");
    await waitFor(async () => (await client.getPlayer({ guildId: g })).player?.player?.state?.connected === true, { what: "player connected" });
  });

  it("play: without voice the player waits for it, and a plain query becomes a search", async () => {
    const r = await runCli(["play", guild(2), "some words", ...conn]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^some words \(result 1\) - .* on guild \d+: awaiting-voice\n$/);
    expect(r.stderr).toMatch(/waits for voice: pass --voice-session/);
  });

  it("play: errors carry status and field, and exit codes tell usage, refusal and unreachable apart", async () => {
    const bad = await runCli(["play", "not-a-guild", "emulator:x", ...conn]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^pyro: INVALID_ARGUMENT: .*\[field: guild_id\]/);
    const badJson = await runCli(["play", "not-a-guild", "emulator:x", "--json", ...conn]);
    expect(JSON.parse(badJson.stdout)).toMatchObject({ error: { code: "INVALID_ARGUMENT", field: "guild_id" } });
    const nothing = await runCli(["play", guild(3), "ytsearch:nothing", ...conn]);
    expect(nothing.code).toBe(1);
    expect(nothing.stderr).toMatch(/nothing found for "ytsearch:nothing"/);
    const failed = await runCli(["play", guild(3), "emulator-error:broken source", ...conn]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/failed: broken source/);
    const usage = await runCli(["play", guild(3), ...conn]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/missing <query>[\s\S]*usage: pyro play/);
    const partialVoice = await runCli(["play", guild(3), "emulator:x", "--voice-token", "t", ...conn]);
    expect(partialVoice.code).toBe(2);
    expect(partialVoice.stderr).toMatch(/go together/);
    const unreachable = await runCli(["nodes", "--address", "127.0.0.1:1", "--timeout-ms", "3000"]);
    expect(unreachable.code).toBe(3);
    expect(unreachable.stderr).toBe("pyro: cannot reach the Router at 127.0.0.1:1 (connection refused). Is `pyro router` or `make run` running?\n");
  });

  it("play goes through the queue: a second play is queued, --now replaces the current track", async () => {
    const g = guild(20);
    expect((await runCli(["play", g, "emulator:first:600000", ...VOICE, ...conn])).stdout).toMatch(/^first - Emulator \(10:00\) on guild \d+: placed on node emulated-[ab]\n$/);
    expect((await runCli(["play", g, "emulator:second:600000", ...conn])).stdout).toMatch(/^second - .* placed on node emulated-[ab], queued at 1\n$/);
    let q = await client.getQueue({ guildId: g });
    expect([q.nowPlaying?.track?.info?.title, q.upcoming.map((e) => e.track?.info?.title)]).toEqual(["first", ["second"]]);
    expect((await runCli(["play", g, "emulator:urgent:600000", "--now", ...conn])).code).toBe(0);
    q = await client.getQueue({ guildId: g, historyLimit: 5 });
    expect([q.nowPlaying?.track?.info?.title, q.upcoming.map((e) => e.track?.info?.title), q.history.map((e) => e.track?.info?.title)]).toEqual(["urgent", ["second"], ["first"]]);
    const shown = await runCli(["queue", g, ...conn]);
    expect(shown.stdout).toMatch(/^now playing: urgent - Emulator/);
  });

  it("player verbs: pause, resume, volume, seek, filter, skip, stop and move act on the player", async () => {
    const g = guild(21);
    await runCli(["play", g, "emulator:verbs one:600000", ...VOICE, ...conn]);
    await runCli(["play", g, "emulator:verbs two:600000", ...conn]);
    const player = async () => (await client.getPlayer({ guildId: g })).player!;
    expect((await runCli(["pause", g, ...conn])).stdout).toBe("paused\n");
    expect((await player()).player?.paused).toBe(true);
    expect((await runCli(["resume", g, ...conn])).stdout).toBe("resumed\n");
    expect((await player()).player?.paused).toBe(false);
    expect((await runCli(["volume", g, "55", ...conn])).stdout).toBe("volume 55\n");
    expect((await player()).player?.volume).toBe(55);
    const badVolume = await runCli(["volume", g, "5000", ...conn]);
    expect([badVolume.code, badVolume.stderr]).toEqual([2, expect.stringMatching(/<percent> must be a number from 0 to 1000/)]);
    expect((await runCli(["seek", g, "1:30", ...conn])).stdout).toBe("seeked to 1:30\n");
    await waitFor(async () => Number((await player()).player?.state?.positionMs ?? 0n) >= 90000, { what: "position after seek" });
    expect((await runCli(["filter", g, "nightcore", ...conn])).stdout).toBe("filter nightcore on\n");
    expect((await player()).player?.filters?.timescale).toMatchObject({ speed: 1.3, pitch: 1.3 });
    expect((await runCli(["filter", g, "karaoke", ...conn])).code).toBe(0);
    const both = (await player()).player?.filters;
    expect([both?.timescale?.speed, both?.karaoke?.level]).toEqual([1.3, 1]); // presets merge
    expect((await runCli(["filter", g, "off", ...conn])).stdout).toBe("filters off\n");
    expect((await player()).player?.filters?.timescale).toBeUndefined();
    expect((await runCli(["filter", g, "loud", ...conn])).code).toBe(2);
    expect((await runCli(["skip", g, ...conn])).stdout).toBe("skipped 1; now playing: verbs two - Emulator\n");
    const before = (await player()).nodeId;
    const moved = await runCli(["move", g, ...conn]);
    expect(moved.stdout).toBe(`moved from ${before} to ${before === "emulated-a" ? "emulated-b" : "emulated-a"}\n`);
    expect((await runCli(["stop", g, ...conn])).stdout).toBe("stopped\n");
    await waitFor(async () => (await player()).player?.track === undefined, { what: "track stopped" });
    // stop leaves the queue's entry current; skipping it ends the queue, and a second skip has nothing to skip.
    expect((await runCli(["skip", g, ...conn])).stdout).toBe("skipped 1; nothing left to play\n");
    expect((await runCli(["skip", g, ...conn])).stdout).toBe("skipped 0; nothing left to play\n");
  });

  it("cordon and uncordon change the node state; --version, and did-you-mean for commands and flags", async () => {
    expect((await runCli(["cordon", "emulated-b", "--reason", "maintenance", ...conn])).stdout).toBe("emulated-b cordoned: no new players are placed on it\n");
    expect((await runCli(["nodes", ...conn])).stdout).toMatch(/emulated-b\s+cordoned/);
    expect((await runCli(["uncordon", "emulated-b", ...conn])).stdout).toBe("emulated-b uncordoned: it accepts players again\n");
    expect((await runCli(["nodes", ...conn])).stdout).toMatch(/emulated-b\s+up/);
    const version = await runCli(["--version"]);
    expect(version.stdout).toMatch(/^pyro \d+\.\d+\.\d+\n$/);
    const typo = await runCli(["pauze", "1"]);
    expect([typo.code, typo.stderr]).toEqual([2, expect.stringContaining('did you mean "pause"?')]);
    const flag = await runCli(["nodes", "--adress", "x"]);
    expect([flag.code, flag.stderr]).toEqual([2, expect.stringContaining("unknown flag --adress; did you mean --address?")]);
  });

  it("plugin: calls a player-scoped and a global plugin route, and exits 1 on a plugin error", async () => {
    const g = guild(70);
    expect((await runCli(["play", g, "segments:cli talk:600000", ...VOICE, ...conn])).code).toBe(0);
    const put = await runCli(["plugin", "PUT", "/sponsorblock/categories", "--guild", g, "--body", '["sponsor"]', ...conn]);
    expect(put).toMatchObject({ code: 0, stdout: expect.stringMatching(/^HTTP 204 from emulated-[ab]\n$/) });
    const get = await runCli(["plugin", "GET", "/sponsorblock/categories", "--guild", g, "--json", ...conn]);
    expect(get.code).toBe(0);
    expect(JSON.parse(JSON.parse(get.stdout).body)).toEqual(["sponsor"]);
    const encoded = (await client.getPlayer({ guildId: g })).player!.player!.track!.encoded;
    const lyrics = await runCli(["plugin", "GET", `/lyrics?track=${encodeURIComponent(encoded)}`, ...conn]);
    expect(lyrics.code).toBe(0);
    expect(lyrics.stdout).toContain('"line": "cli talk line 1"');
    const missing = await runCli(["plugin", "GET", "/track/lyrics", "--guild", guild(71), ...conn]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/NOT_FOUND/);
    const core = await runCli(["plugin", "PATCH", "/sessions/x/players/1", ...conn]);
    expect(core).toMatchObject({ code: 1, stderr: expect.stringMatching(/INVALID_ARGUMENT.*\[field: path\]/) });
  });

  it("players: lists every player with node, phase and track title", async () => {
    const g = guild(4);
    await runCli(["play", g, "emulator:listed song:600000", ...VOICE, ...conn]);
    const r = await runCli(["players", ...conn]);
    expect(r.code).toBe(0);
    const row = r.stdout.split("\n").find((l) => l.startsWith(g));
    expect(row).toMatch(/emulated-[ab]\s+placed\s+no\s+100\s+\d+:\d\d\/10:00\s+listed song - Emulator/);
    const json = JSON.parse((await runCli(["players", "--json", ...conn])).stdout) as { players: Array<{ player: { guildId: string } }> };
    expect(json.players.map((p) => p.player.guildId)).toContain(g);
  });

  it("queue: shows now playing and the upcoming entries", async () => {
    const g = guild(5);
    await runCli(["play", g, "emulator:queue head:600000", ...VOICE, ...conn]);
    const sources = ["one", "two", "three"].map((t) => ({ source: { $case: "identifier" as const, value: `emulator:queued ${t}:600000` }, userData: undefined }));
    await client.enqueue({ guildId: g, tracks: sources, playIfIdle: true });
    const r = await runCli(["queue", g, ...conn]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split("\n");
    // `pyro play` went through the queue, so its track is now playing and the three wait behind it.
    expect(lines[0]).toMatch(/^now playing: queue head - Emulator \(10:00\)$/);
    expect(lines[1]).toMatch(/upcoming: 3/);
    expect(lines.slice(3).map((l) => l.split(/\s{2,}/)[1])).toEqual(["queued one - Emulator (10:00)", "queued two - Emulator (10:00)", "queued three - Emulator (10:00)"]);
    const json = JSON.parse((await runCli(["queue", g, "--json", ...conn])).stdout) as { upcomingLength: number };
    expect(json.upcomingLength).toBe(3);
  });

  it("watch: one line per event of the guild until Ctrl-C, which exits 0", async () => {
    const g = guild(6);
    const watch = spawnCli(["watch", g, ...conn]);
    let n = 0;
    // The subscription is live once an event published after it arrives: play until one shows.
    await waitFor(async () => {
      await client.updatePlayer({ guildId: g, track: { $case: "identifier", value: `emulator:watched ${n++}:600000` }, voice: { sessionId: "s", token: "t", endpoint: "us-east1.discord.media:443", channelId: "230000000000000001" }, noReplace: false });
      return watch.lines.some((l) => / trackStart guild=\d+ /.test(l));
    }, { timeoutMs: 30000, intervalMs: 300, what: "trackStart line" });
    const line = watch.lines.find((l) => l.includes("trackStart"))!;
    expect(line).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\S+Z trackStart guild=${g} node=emulated-[ab] track="watched \\d+"$`));
    expect(watch.lines.every((l) => l.includes(`guild=${g}`))).toBe(true);
    expect(await watch.stop("SIGINT")).toBe(0);
    expect(watch.stderr()).toMatch(/watching guild/);
  });

  it("drain: moves every player off the node and reports progress with --wait", async () => {
    const guilds = [guild(10), guild(11), guild(12), guild(13)];
    for (const g of guilds) await runCli(["play", g, "emulator:drained:600000", ...VOICE, ...conn]);
    const before = await Promise.all(guilds.map((g) => client.getPlayer({ guildId: g })));
    const node = before[0]!.player!.nodeId;
    const other = node === "emulated-a" ? "emulated-b" : "emulated-a";
    const r = await runCli(["drain", node, "--wait", "--reason", "cli test", ...conn]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).toMatch(new RegExp(`^draining ${node}: \\d+ players to move$`));
    expect(lines[lines.length - 1]).toMatch(new RegExp(`nodeDraining node=${node} moved=(\\d+) total=\\1 done=true$`));
    for (const g of guilds) expect((await client.getPlayer({ guildId: g })).player?.nodeId).toBe(other);
    const nodes = await runCli(["nodes", ...conn]);
    // The Router does not keep drain/cordon reasons yet, so only the state is checked.
    expect(nodes.stdout).toMatch(new RegExp(`${node}\\s+draining\\s+yes`));
    await client.uncordonNode({ nodeId: node });
    const unknown = await runCli(["drain", "no-such-node", ...conn]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^pyro: NOT_FOUND/);
  });

  it("drain --wait on a terminal: one progress bar redrawn in place", async () => {
    const guilds = [guild(20), guild(21), guild(22)];
    for (const g of guilds) await runCli(["play", g, "emulator:tty:600000", ...VOICE, ...conn]);
    const nodes = await Promise.all(guilds.map(async (g) => (await client.getPlayer({ guildId: g })).player!.nodeId));
    const node = nodes[0]!;
    const moving = nodes.filter((n) => n === node).length;
    // `script` runs the command on a pseudo-terminal, so stdout.isTTY is true in the CLI.
    const cmd = [process.execPath, join(REPO_ROOT, "bin/pyro.js"), "drain", node, "--wait", ...conn].join(" ");
    const out = await new Promise<string>((resolve, reject) => execFile("script", ["-qefc", cmd, "/dev/null"], { timeout: 30000 }, (err, stdout) => (err ? reject(err) : resolve(stdout))));
    expect(out).toContain("\r\x1b[K");
    const last = out.split("\r\x1b[K").pop()!.trim();
    // Earlier tests left players on the node too, so the bar counts at least this test's own.
    const bar = new RegExp(`^draining ${node} \\[#+\\] (\\d+)/\\1 100%  \\1 moved, 0 failed$`).exec(last);
    expect(bar).not.toBeNull();
    expect(Number(bar![1])).toBeGreaterThanOrEqual(moving);
    expect(out).not.toContain("nodeDraining");
    await client.uncordonNode({ nodeId: node });
  });

  it("health: SERVING (exit 0) from a live server, UNREACHABLE (exit 3) from a closed port", async () => {
    const ok = await runCli(["health", "--address", `127.0.0.1:${pyro.port}`]);
    expect({ code: ok.code, out: ok.stdout }).toEqual({ code: 0, out: `127.0.0.1:${pyro.port}: SERVING\n` });
    const closed = await runCli(["health", "--address", "127.0.0.1:1", "--timeout-ms", "500"]);
    expect({ code: closed.code, out: closed.stdout }).toEqual({ code: 3, out: "127.0.0.1:1: UNREACHABLE\n" });
  });
});
