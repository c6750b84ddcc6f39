/**
 * A Pyro ManagedPlayer as Lavalink's Player JSON. A placed player is the node's own answer; an
 * unplaced one comes from the registry checkpoint, whose track carries only the encoded blob, so its
 * metadata is decoded through a node.
 */
import type { ManagedPlayer } from "../../../../gen/ts/pyro/router/v1/player";
import type { Player as PlayerProto } from "../../../../gen/ts/pyro/lavalink/v1/player";
import { playerFromProto } from "../../../common/src/mapping/player";
import type { Player } from "../../../common/src/lavalink-protocol";
import type { TrackResolver } from "../players/track-resolver";

/** Lavalink Player JSON of `managed`. @throws when an unplaced player's track cannot be decoded. */
export async function playerJson(managed: ManagedPlayer, tracks: TrackResolver, signal?: AbortSignal): Promise<Player> {
  let proto: PlayerProto = managed.player ?? { guildId: "", volume: 100, paused: false, filters: { equalizer: [] } };
  const t = proto.track;
  if (t && !t.info) {
    const decoded = await tracks.decode(t.encoded, signal);
    proto = { ...proto, track: decoded ? { ...decoded, encoded: t.encoded, userData: t.userData } : undefined };
  }
  return playerFromProto(proto);
}
