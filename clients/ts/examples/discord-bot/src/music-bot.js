// The bot's logic, free of discord.js: it takes raw gateway packets (from any shard) and slash
// command interactions, and talks to Pyro. main.js wires it to discord.js; the tests feed it
// recorded packets and fake interactions.
"use strict";

/** The five slash commands, as registered with Discord. */
const COMMANDS = [
  { name: "play", description: "Play a song or URL (queued if something plays)", options: [{ type: 3, name: "query", description: "search text or URL", required: true }] },
  { name: "skip", description: "Skip the current song" },
  { name: "pause", description: "Pause or resume" },
  { name: "queue", description: "Show the queue" },
  { name: "nowplaying", description: "Show the current song" },
];

const VOICE_EVENTS = new Set(["VOICE_STATE_UPDATE", "VOICE_SERVER_UPDATE"]);

/**
 * Creates the bot. `pyro` is a PyroBot (createPyro); `joinVoice(guildId, channelId)` sends gateway
 * op 4 on the guild's shard; `announce(guildId, text)` posts in the guild's music channel.
 */
function createMusicBot({ pyro, joinVoice, announce, log = () => undefined }) {
  // "Now playing" once per track: a replayed start after a Pyro failover or drain is skipped.
  pyro.on("trackStart", (e) => {
    if (e.replay) return;
    announce(e.guildId, `Now playing: ${e.track?.info?.title ?? "a track"}`);
  });
  pyro.on("queueEnded", (e) => announce(e.guildId, "The queue is empty."));
  pyro.on("disconnected", (err) => log(`Pyro stream lost: ${err.message}`));
  pyro.on("error", (err) => log(`Pyro error: ${err.message}`));

  /** Forwards a raw gateway packet (any shard) to Pyro if it is a voice packet of this bot. */
  async function onRawPacket(packet) {
    if (!packet || !VOICE_EVENTS.has(packet.t) || !packet.d) return false;
    const d = packet.d;
    if (packet.t === "VOICE_STATE_UPDATE") {
      await pyro.client.updateVoiceState({ guildId: d.guild_id, userId: d.user_id, sessionId: d.session_id, channelId: d.channel_id ?? undefined });
    } else {
      await pyro.client.updateVoiceServer({ guildId: d.guild_id, token: d.token, endpoint: d.endpoint ?? undefined });
    }
    return true;
  }

  async function run(interaction) {
    const guildId = interaction.guildId;
    const player = pyro.player(guildId);
    switch (interaction.commandName) {
      case "play": {
        const channelId = interaction.member?.voice?.channelId;
        if (!channelId) return interaction.reply("Join a voice channel first.");
        await interaction.deferReply();
        joinVoice(guildId, channelId);
        const query = interaction.options.getString("query", true);
        const { entry, started } = await player.play(query);
        const title = entry?.track?.info?.title ?? query;
        return interaction.editReply(started ? `Playing ${title}` : `Queued ${title}`);
      }
      case "skip": {
        const { nowPlaying } = await player.queue.skip();
        return interaction.reply(nowPlaying ? `Skipped. Next: ${nowPlaying.track?.info?.title}` : "Skipped. Nothing left.");
      }
      case "pause": {
        const p = await player.get();
        if (!p) return interaction.reply("Nothing is playing.");
        if (p.player?.paused) {
          await player.resume();
          return interaction.reply("Resumed.");
        }
        await player.pause();
        return interaction.reply("Paused.");
      }
      case "queue": {
        const q = await player.queue.list({ limit: 10 });
        const lines = q.upcoming.map((e, i) => `${i + 1}. ${e.track?.info?.title}`);
        const head = q.nowPlaying ? `Now: ${q.nowPlaying.track?.info?.title}` : "Nothing is playing.";
        return interaction.reply([head, ...lines].join("\n"));
      }
      case "nowplaying": {
        const q = await player.queue.list({ limit: 0 });
        return interaction.reply(q.nowPlaying ? `Now playing: ${q.nowPlaying.track?.info?.title}` : "Nothing is playing.");
      }
      default:
        return interaction.reply("Unknown command.");
    }
  }

  /** Handles one slash command; an error (Pyro unavailable, bad input) becomes a reply, never a crash. */
  async function onInteraction(interaction) {
    if (!interaction.isChatInputCommand?.()) return;
    try {
      await run(interaction);
    } catch (err) {
      log(`command ${interaction.commandName} failed: ${err.message}`);
      const text = err.retryable ? "The music service is busy, try again in a moment." : `Could not do that: ${err.details ?? err.message}`;
      try {
        if (interaction.deferred || interaction.replied) await interaction.editReply(text);
        else await interaction.reply(text);
      } catch {
        // The interaction expired; nothing left to tell the user.
      }
    }
  }

  return { onRawPacket, onInteraction, commands: COMMANDS };
}

module.exports = { createMusicBot, COMMANDS };
