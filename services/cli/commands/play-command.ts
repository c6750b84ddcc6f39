/**
 * `pyro play <guild> <query>`: LoadTracks, then adds the first track to the guild's queue and starts
 * it if nothing plays (so `pyro queue` shows it); `--now` puts it first and skips to it. Lavalink
 * needs the bot's Discord voice credentials to connect: pass all four --voice-* flags, or the
 * player waits (phase awaiting-voice) until the bot's gateway voice events reach the Router.
 */
import type { LoadResult } from "../../../gen/ts/pyro/lavalink/v1/load";
import type { Track } from "../../../gen/ts/pyro/lavalink/v1/track";
import { GetPlayerResponse, PlayerPhase, playerPhaseToJSON } from "../../../gen/ts/pyro/router/v1/player";
import { EnqueueResponse } from "../../../gen/ts/pyro/router/v1/queue";
import { ConfigError } from "../../common/src/config/flags";
import { OPERATOR_COMMON_OPTIONS, parseOperatorArgs } from "../operator-args";
import { CommandError, connectRouter, toJsonLine, type CommandIo } from "../operator-io";
import { enumLabel, formatDurationMs } from "../format-table";

/** Usage line. */
export const PLAY_USAGE = "pyro play <guild> <query> [--now] [--voice-session s --voice-token t --voice-endpoint e --voice-channel c] [--search-prefix ytsearch:] [--json]";

const OPTIONS = {
  ...OPERATOR_COMMON_OPTIONS,
  voiceSession: { flag: "voice-session", kind: "string", doc: "Discord voice session_id (VOICE_STATE_UPDATE)" },
  voiceToken: { flag: "voice-token", kind: "string", secret: true, doc: "Discord voice token (VOICE_SERVER_UPDATE)" },
  voiceEndpoint: { flag: "voice-endpoint", kind: "string", doc: "Discord voice endpoint (VOICE_SERVER_UPDATE)" },
  voiceChannel: { flag: "voice-channel", kind: "string", doc: "voice channel id (VOICE_STATE_UPDATE)" },
  now: { flag: "now", kind: "bool", default: false, doc: "replace the current track instead of queueing after it" },
  searchPrefix: { flag: "search-prefix", kind: "string", default: "ytsearch:", doc: "prefix added to a query that has no source prefix or URL scheme" },
} as const;

/** `never gonna` → `ytsearch:never gonna`; `emulator:x`, `https://...` and `scsearch:...` are kept. */
export function toIdentifier(query: string, searchPrefix: string): string {
  return /^[a-z][a-z0-9+.-]*:/i.test(query) ? query : searchPrefix + query;
}

/** The track a load result names: the track, the playlist's selected (or first) track, the first search hit. */
export function firstTrack(result: LoadResult | undefined, identifier: string): Track {
  const r = result?.result;
  let track: Track | undefined;
  if (r?.$case === "track") track = r.value;
  else if (r?.$case === "playlist") track = r.value.tracks[Math.max(0, r.value.info?.selectedTrack ?? 0)] ?? r.value.tracks[0];
  else if (r?.$case === "search") track = r.value.tracks[0];
  else if (r?.$case === "error") throw new CommandError(`loading ${JSON.stringify(identifier)} failed: ${r.value.message} (${r.value.cause || "no cause"})`);
  if (!track) throw new CommandError(`nothing found for ${JSON.stringify(identifier)}`);
  return track;
}

/** Plays the first track the query yields on the guild. @throws PyroClientError, CommandError, ConfigError. */
export async function runPlay(argv: string[], env: Record<string, string | undefined>, io: CommandIo): Promise<void> {
  const { positionals: [guildId, query], options: o } = parseOperatorArgs(OPTIONS, ["guild", "query"], argv, env);
  const given = [o.voiceSession, o.voiceToken, o.voiceEndpoint, o.voiceChannel];
  if (given.some((v) => v !== undefined) && given.some((v) => v === undefined)) {
    throw new ConfigError(["--voice-session, --voice-token, --voice-endpoint and --voice-channel go together (all four or none)"]);
  }
  const voice = o.voiceSession !== undefined
    ? { sessionId: o.voiceSession, token: o.voiceToken!, endpoint: o.voiceEndpoint!, channelId: o.voiceChannel! }
    : undefined;
  const client = connectRouter(o);
  try {
    const identifier = toIdentifier(query!, o.searchPrefix);
    const loaded = await client.loadTracks({ identifier }, { signal: io.signal });
    const track = firstTrack(loaded.result, identifier);
    const signal = io.signal;
    if (voice) await client.updatePlayer({ guildId: guildId!, voice }, { signal });
    const source = { source: { $case: "encodedTrack" as const, value: track.encoded } };
    const queued = await client.enqueue({ guildId: guildId!, tracks: [source], playIfIdle: true, index: o.now ? 0 : undefined }, { signal });
    if (o.now && !queued.started) await client.skip({ guildId: guildId! }, { signal });
    const res = await client.getPlayer({ guildId: guildId! }, { signal });
    if (o.json) return io.out(toJsonLine({ enqueue: EnqueueResponse.toJSON(queued), ...(GetPlayerResponse.toJSON(res) as object) }));
    const info = track.info;
    const phase = res.player?.phase ?? PlayerPhase.PLAYER_PHASE_UNSPECIFIED;
    const where = queued.started || o.now ? "" : `, queued at ${queued.upcomingLength}`;
    io.out(`${info ? `${info.title} - ${info.author} (${formatDurationMs(info.lengthMs)})` : "track"} on guild ${guildId}: ${enumLabel(playerPhaseToJSON(phase), "PLAYER_PHASE_")}${res.player?.nodeId ? ` on node ${res.player.nodeId}` : ""}${where}`);
    if (phase === PlayerPhase.PLAYER_PHASE_AWAITING_VOICE) {
      io.err("the player waits for voice: pass --voice-session/--voice-token/--voice-endpoint/--voice-channel, or send the bot's VOICE_STATE_UPDATE and VOICE_SERVER_UPDATE to the Router");
    }
  } finally {
    client.close();
  }
}
