/**
 * Boundary check of the registry record a RebuildPlayerCommand carries (`record_json`): the Router
 * sends the record its claim returned, so the node can build the player without reading the
 * registry. The record must be a valid player record of the command's guild.
 */
import { InvalidArgumentError } from "../../../common/src/errors";
import { validatePlayerRecord } from "../../../common/src/registry/validate-player";
import type { PlayerRecord } from "../../../common/src/registry/types";

/** Field path of the carried record in a Command. */
const FIELD = "rebuild_player.record_json";

/**
 * The carried record, or undefined when `json` is empty (the node reads the registry instead).
 * @throws InvalidArgumentError (field path under `rebuild_player.record_json`) when it is not JSON,
 * not a valid player record, or names another guild.
 */
export function parseCarriedRecord(json: string, guildId: string): PlayerRecord | undefined {
  if (json === "") return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new InvalidArgumentError(FIELD, "is not JSON");
  }
  const record = validatePlayerRecord(raw, (path, reason) => {
    throw new InvalidArgumentError(`${FIELD}.${path}`, reason);
  });
  if (record.guildId !== guildId) throw new InvalidArgumentError(`${FIELD}.guildId`, "must be the command's guild_id");
  return record;
}
