/** Pages through `players.list` to collect every player a node owns. */
import type { AsyncOptions } from "../abort";
import type { Registry } from "./registry";
import type { PlayerRecord } from "./types";

/** Every player record owned by `nodeId` (all pages). */
export async function listOwnedPlayers(registry: Registry, nodeId: string, opts: AsyncOptions = {}): Promise<PlayerRecord[]> {
  const out: PlayerRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await registry.players.list({ ownerNodeId: nodeId, cursor, limit: 500, signal: opts.signal });
    out.push(...page.items);
    cursor = page.cursor ?? undefined;
  } while (cursor);
  return out;
}
