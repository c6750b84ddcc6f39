/**
 * The desired state of a player belongs to the client: the filters, volume and pause it asked for.
 * A Lavalink-compatible server's echo can confirm that state or show that the server did not apply
 * it, but it never replaces it in the checkpoint (a server that echoes filters in another shape
 * would otherwise erase them, and a rebuild after a restart or a failover would lose them).
 */
import { validateFilters } from "../../../common/src/lavalink-protocol/validate-filters";
import type { Filters, Player } from "../../../common/src/lavalink-protocol/types";
import type { JsonObject, PlayerState } from "../../../common/src/registry/types";

/** What a client asked a player to be, beyond the track. */
export interface DesiredState {
  filters: JsonObject;
  volume: number;
  paused: boolean;
}

/** The desired part of a checkpoint state. */
export function desiredOf(state: Pick<PlayerState, "filters" | "volume" | "paused">): DesiredState {
  return { filters: state.filters, volume: state.volume, paused: state.paused };
}

/** Canonical JSON (sorted keys) of a normalised filter set, for comparisons. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** Normalises filters the way the echo validator does (nulls dropped, unknown keys dropped). */
function normalised(filters: JsonObject): Filters {
  try {
    return validateFilters(filters, "filters");
  } catch {
    return filters as Filters;
  }
}

/**
 * The fields where the echo `player` differs from `desired` (empty when it confirms it): `filters`,
 * `volume`, `paused`. Filters are compared after normalisation, key order ignored.
 */
export function echoMismatches(desired: DesiredState, player: Player): ("filters" | "volume" | "paused")[] {
  const out: ("filters" | "volume" | "paused")[] = [];
  if (canonical(normalised(desired.filters)) !== canonical(normalised(player.filters as JsonObject))) out.push("filters");
  if (desired.volume !== player.volume) out.push("volume");
  if (desired.paused !== player.paused) out.push("paused");
  return out;
}
