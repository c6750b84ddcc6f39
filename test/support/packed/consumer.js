// Runs inside a fresh project that installed the packed @pyro/client: plays, queues, skips,
// filters and watches events against PYRO_ADDRESS, moves the player (a drain-like rebuild), and
// prints one JSON line of what it saw for the test to assert on.
"use strict";
const { createPyro, Filters, TrackStartEvent } = require("@pyro/client");

const GUILD = "610000000000000001";
const VOICE = { sessionId: "s1", token: "t1", endpoint: "us-east1.discord.media:443", channelId: "620000000000000001" };

async function waitFor(check, what, timeoutMs = 15000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function main() {
  const pyro = createPyro({ address: process.env.PYRO_ADDRESS, guildIds: [GUILD] });
  const starts = [];
  const kinds = [];
  pyro.on("trackStart", (e) => starts.push({ title: e.track.info.title, replay: e.replay, lengthMs: e.track.info.lengthMs, seq: e.guildSequence }));
  pyro.onGuild(GUILD, "queueUpdated", (e) => kinds.push(e.kind));
  const player = pyro.player(GUILD);
  await player.update({ voice: VOICE });
  const search = await pyro.search("emulator:alpha:600000");
  const first = await player.play("emulator:alpha:600000");
  const second = await player.play("emulator:beta:600000");
  await player.queue.add(["emulator:gamma:600000"]);
  const listed = await player.queue.list();
  await waitFor(() => starts.length >= 1, "first trackStart");
  const skipped = await player.queue.skip();
  await waitFor(() => starts.length >= 2, "second trackStart");
  await player.filters.preset("nightcore");
  const merged = await player.filters.set({ volume: 0.5 });
  await player.pause();
  await player.resume();
  await player.setVolume(80);
  const before = await player.get();
  const moved = await player.move();
  await waitFor(() => starts.length >= 3, "rebuild trackStart");
  const after = await player.get();
  const previous = await player.queue.previous();
  await waitFor(() => starts.length >= 4, "previous trackStart");
  await player.queue.clear({ history: true });
  const emptyPrev = await player.queue.previous();
  await player.destroy();
  await pyro.close();
  process.stdout.write(JSON.stringify({
    searchType: search.loadType, searchLength: search.tracks[0].info.lengthMs,
    firstStarted: first.started, secondStarted: second.started,
    listed: { now: listed.nowPlaying?.track.info.title, upcoming: listed.upcoming.map((e) => e.track.info.title) },
    skippedTo: skipped.nowPlaying?.track.info.title, starts, queueKinds: kinds.length,
    filters: { timescale: merged.timescale, volume: merged.volume },
    moved: moved.oldNodeId !== moved.newNodeId, nodeBefore: before.nodeId, nodeAfter: after.nodeId,
    volume: after.player.volume, previous: previous.nowPlaying?.track.info.title, emptyPrevious: emptyPrev.nowPlaying,
    json: JSON.stringify(after).length > 0, exportsMessages: typeof Filters.fromPartial === "function" && typeof TrackStartEvent.encode === "function",
  }) + "\n");
}

main().catch((err) => {
  process.stderr.write(`${err.stack ?? err}\n`);
  process.exit(1);
});
