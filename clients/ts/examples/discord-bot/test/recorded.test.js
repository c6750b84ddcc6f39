// Tests the bot's logic without Discord: recorded gateway packets from shard 1 and fake slash
// command interactions, against a live Pyro (PYRO_ADDRESS). Prints one JSON line of results
// and exits non-zero on the first failed assertion.
"use strict";
const assert = require("node:assert/strict");
const { createPyro } = require("@pyro/client");
const { createMusicBot } = require("../src/music-bot");
const packets = require("./recorded-packets.json");

const GUILD = "510000000000000001";

function fakeInteraction(commandName, { query, channelId = "520000000000000001", guildId = GUILD } = {}) {
  const replies = [];
  return {
    replies,
    commandName, guildId, deferred: false, replied: false,
    member: { voice: { channelId } },
    options: { getString: () => query },
    isChatInputCommand: () => true,
    async reply(text) { this.replied = true; replies.push(text); },
    async deferReply() { this.deferred = true; },
    async editReply(text) { replies.push(text); },
  };
}

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
  const pyro = createPyro({ address: process.env.PYRO_ADDRESS });
  const joins = [];
  const announced = [];
  const bot = createMusicBot({ pyro, joinVoice: (g, c) => joins.push([g, c]), announce: (g, t) => announced.push([g, t]) });

  const forwarded = [];
  for (const p of packets) forwarded.push(await bot.onRawPacket(p));
  assert.deepEqual(forwarded, [false, true, true, false]);

  const play1 = fakeInteraction("play", { query: "emulator:first song:600000" });
  await bot.onInteraction(play1);
  assert.deepEqual(joins, [[GUILD, "520000000000000001"]]);
  assert.deepEqual(play1.replies, ["Playing first song"]);
  const player = await waitFor(async () => { const p = await pyro.player(GUILD).get(); return p?.phase === 1 ? p : undefined; }, "player placed");
  assert.equal(player.player.voice.sessionId, "recorded-session-1");

  const play2 = fakeInteraction("play", { query: "emulator:second song:600000" });
  await bot.onInteraction(play2);
  assert.deepEqual(play2.replies, ["Queued second song"]);
  const queue = fakeInteraction("queue");
  await bot.onInteraction(queue);
  assert.deepEqual(queue.replies, ["Now: first song\n1. second song"]);
  const pause = fakeInteraction("pause");
  await bot.onInteraction(pause);
  assert.deepEqual(pause.replies, ["Paused."]);
  assert.equal((await pyro.player(GUILD).get()).player.paused, true);
  const skip = fakeInteraction("skip");
  await bot.onInteraction(skip);
  assert.deepEqual(skip.replies, ["Skipped. Next: second song"]);
  const np = fakeInteraction("nowplaying");
  await bot.onInteraction(np);
  assert.deepEqual(np.replies, ["Now playing: second song"]);
  const noVoice = fakeInteraction("play", { query: "x", channelId: null });
  await bot.onInteraction(noVoice);
  assert.deepEqual(noVoice.replies, ["Join a voice channel first."]);
  await waitFor(() => announced.some(([, t]) => t === "Now playing: second song"), "second announcement");

  // An unreachable Pyro: the command answers, the bot does not crash.
  const down = createPyro({ address: "127.0.0.1:1", maxRetries: 1, backoff: { baseMs: 1, capMs: 5 } });
  const downBot = createMusicBot({ pyro: down, joinVoice: () => undefined, announce: () => undefined });
  const failing = fakeInteraction("skip");
  await downBot.onInteraction(failing);
  assert.deepEqual(failing.replies, ["The music service is busy, try again in a moment."]);
  await down.close();
  await pyro.player(GUILD).destroy();
  await pyro.close();
  process.stdout.write(JSON.stringify({ ok: true, announced }) + "\n");
}

main().catch((err) => {
  process.stderr.write(`${err.stack ?? err}\n`);
  process.exit(1);
});
