/** Raw gateway voice dispatches as a gateway forwards them, for ingest tests and benchmarks. */

/** VOICE_STATE_UPDATE of `userId` joining `channelId` in `guildId`. */
export function voiceStatePacket(guildId: string, userId: string, channelId = "200000000000000001") {
  return { op: 0, t: "VOICE_STATE_UPDATE", d: { guild_id: guildId, user_id: userId, session_id: `session-${guildId}`, channel_id: channelId, deaf: false, mute: false } };
}

/** VOICE_SERVER_UPDATE of `guildId`. */
export function voiceServerPacket(guildId: string) {
  return { op: 0, t: "VOICE_SERVER_UPDATE", d: { guild_id: guildId, token: `token-${guildId}`, endpoint: "us-east1.discord.media:443" } };
}

/** Sum of a Prometheus counter's samples whose labels include every pair of `labels`. */
export function counterSum(body: string, name: string, labels: Record<string, string>): number {
  let sum = 0;
  for (const line of body.split("\n")) {
    if (!line.startsWith(`${name}{`)) continue;
    const labelText = line.slice(name.length + 1, line.indexOf("}"));
    if (Object.entries(labels).every(([k, v]) => labelText.includes(`${k}="${v}"`))) sum += Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return sum;
}
