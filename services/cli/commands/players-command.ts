/** `pyro players [--node id]`: every player (all pages), with its node, phase and track. */
import { ListPlayersResponse, playerPhaseToJSON, type ManagedPlayer } from "../../../gen/ts/pyro/router/v1/player";
import type { TrackInfo } from "../../../gen/ts/pyro/lavalink/v1/track";
import type { PyroClient } from "../../../clients/ts/src";
import { OPERATOR_COMMON_OPTIONS, parseOperatorArgs } from "../operator-args";
import { connectRouter, toJsonLine, type CommandIo } from "../operator-io";
import { enumLabel, formatDurationMs, formatTable } from "../format-table";

/** Usage line. */
export const PLAYERS_USAGE = "pyro players [--node <node id>] [--json]";

const OPTIONS = {
  ...OPERATOR_COMMON_OPTIONS,
  node: { flag: "node", kind: "string", doc: "only players of this node" },
} as const;

function row(m: ManagedPlayer, infos: ReadonlyMap<string, TrackInfo>): string[] {
  const p = m.player;
  const t = p?.track?.info ?? (p?.track ? infos.get(p.track.encoded) : undefined);
  // A broken or parked entry shows why in place of the track (DestroyPlayer removes either).
  const problem = m.brokenReason !== undefined ? `broken: ${m.brokenReason}` : m.parkedReason !== undefined ? `parked: ${m.parkedReason}` : undefined;
  const track = problem ?? (t ? `${t.title} - ${t.author}` : "-");
  const position = t ? `${formatDurationMs(p?.state?.positionMs ?? 0n)}/${formatDurationMs(t.lengthMs)}` : "-";
  return [p?.guildId ?? "", m.nodeId || "-", enumLabel(playerPhaseToJSON(m.phase), "PLAYER_PHASE_"), p?.paused ? "yes" : "no", String(p?.volume ?? ""), position, track];
}

/** Track info for players listed with only the encoded track, in one DecodeTracks call. */
async function decodeMissingInfo(client: PyroClient, players: readonly ManagedPlayer[], signal: AbortSignal): Promise<Map<string, TrackInfo>> {
  const missing = [...new Set(players.flatMap((m) => (m.player?.track && !m.player.track.info ? [m.player.track.encoded] : [])))];
  if (missing.length === 0) return new Map();
  const { tracks } = await client.decodeTracks({ encodedTracks: missing }, { signal });
  return new Map(tracks.flatMap((t, i) => (t.info ? [[missing[i]!, t.info] as const] : [])));
}

/** Lists players, following next_page_token to the end. @throws PyroClientError from ListPlayers. */
export async function runPlayers(argv: string[], env: Record<string, string | undefined>, io: CommandIo): Promise<void> {
  const { options } = parseOperatorArgs(OPTIONS, [], argv, env);
  const client = connectRouter(options);
  try {
    const players: ManagedPlayer[] = [];
    let pageToken = "";
    do {
      const page = await client.listPlayers({ pageSize: 500, pageToken, nodeId: options.node }, { signal: io.signal });
      players.push(...page.players);
      pageToken = page.nextPageToken;
    } while (pageToken !== "");
    if (options.json) return io.out(toJsonLine(ListPlayersResponse.toJSON({ players, nextPageToken: "" })));
    const infos = await decodeMissingInfo(client, players, io.signal);
    io.out(formatTable(["GUILD", "NODE", "PHASE", "PAUSED", "VOLUME", "POSITION", "TRACK"], players.map((p) => row(p, infos))));
  } finally {
    client.close();
  }
}
