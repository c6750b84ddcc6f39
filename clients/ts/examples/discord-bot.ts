/**
 * Example: a discord.js bot that lets Pyro hold its music players.
 *
 *   npm install discord.js            (not a dependency of Pyro itself)
 *   DISCORD_TOKEN=... PYRO_ADDRESS=127.0.0.1:50051 node -r @swc-node/register clients/ts/examples/discord-bot.ts
 *
 * The bot forwards its raw gateway voice packets to Pyro (IngestVoiceEvents), joins a voice channel
 * on "!play <query>" (gateway op 4), and asks Pyro to play. Pyro pairs the voice packets, places the
 * player on a Lavalink node, and keeps it playing through node failures and bot restarts.
 */
import { createPyroClient, forwardVoiceEvents, type RawGatewaySource } from "../src";

// discord.js is loaded at run time so Pyro does not depend on it; its Client emits "raw" packets.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Client, GatewayIntentBits } = require("discord.js");

const pyro = createPyroClient(process.env.PYRO_ADDRESS ?? "127.0.0.1:50051", { token: process.env.PYRO_TOKEN });
const bot = new Client({ intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildVoiceStates, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent] });
const forwarder = forwardVoiceEvents(bot as RawGatewaySource, pyro);

bot.on("messageCreate", async (message: { content: string; guildId: string; member?: { voice?: { channelId?: string } }; reply(text: string): Promise<unknown> }) => {
  const match = /^!play (.+)$/.exec(message.content);
  const channelId = message.member?.voice?.channelId;
  if (!match || !channelId) return;
  // Gateway op 4: join the voice channel; Discord answers with the two voice packets Pyro needs.
  bot.ws.shards.first()?.send({ op: 4, d: { guild_id: message.guildId, channel_id: channelId, self_mute: false, self_deaf: true } });
  const loaded = await pyro.loadTracks({ identifier: `ytsearch:${match[1]}` });
  const result = loaded.result?.result;
  const track = result?.$case === "track" ? result.value : result?.$case === "search" ? result.value.tracks[0] : undefined;
  if (!track) return void message.reply("nothing found");
  await pyro.updatePlayer({ guildId: message.guildId, track: { $case: "encodedTrack", value: track.encoded }, noReplace: false });
  await message.reply(`playing ${track.info?.title ?? "a track"}`);
});

process.once("SIGINT", () => void forwarder.stop().then(() => process.exit(0)));
void bot.login(process.env.DISCORD_TOKEN);
