// Wires the bot to discord.js. Works sharded: raw packets come from whichever shard owns the
// guild, and op 4 goes out on that guild's shard.
"use strict";
const { Client, GatewayIntentBits, Events } = require("discord.js");
const { createPyro } = require("@pyro/client");
const { createMusicBot } = require("./music-bot");

const pyro = createPyro({ address: process.env.PYRO_ADDRESS ?? "127.0.0.1:50051", token: process.env.PYRO_TOKEN });
const discord = new Client({ intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildVoiceStates] });
const channels = new Map(); // guildId -> text channel of the last command

const bot = createMusicBot({
  pyro,
  joinVoice: (guildId, channelId) => discord.guilds.cache.get(guildId)?.shard.send({ op: 4, d: { guild_id: guildId, channel_id: channelId, self_mute: false, self_deaf: true } }),
  announce: (guildId, text) => void channels.get(guildId)?.send(text).catch(() => undefined),
  log: (line) => console.error(line),
});

discord.on(Events.Raw, (packet) => {
  // Only this bot's own voice state matters to Pyro.
  if (packet.t === "VOICE_STATE_UPDATE" && packet.d?.user_id !== discord.user?.id) return;
  bot.onRawPacket(packet).catch((err) => console.error(`voice forward failed: ${err.message}`));
});
discord.on(Events.InteractionCreate, (interaction) => {
  if (interaction.channel) channels.set(interaction.guildId, interaction.channel);
  void bot.onInteraction(interaction);
});
discord.once(Events.ClientReady, async (c) => {
  await c.application.commands.set(bot.commands);
  console.error(`ready as ${c.user.tag}`);
});
process.once("SIGINT", () => void pyro.close().then(() => discord.destroy()).then(() => process.exit(0)));
void discord.login(process.env.DISCORD_TOKEN);
