/**
 * The bot of an answer: players going out of a bot's components carry its user id. Events are not
 * stamped here: their hub sets the bot before fan-out (a delivered event is shared bytes and must
 * not change, see shared-event-encoding.ts).
 */

/** Sets `botUserId` on the players of one response, in place, and returns it; "" (no configured bot) sets nothing. */
export function stampBot<T>(res: T, bot: string): T {
  if (bot === "") return res;
  const r = res as { player?: { botUserId?: string }; players?: Array<{ botUserId?: string }> } | undefined;
  if (!r) return res;
  if (r.player) r.player.botUserId = bot;
  for (const p of r.players ?? []) p.botUserId = bot;
  return res;
}
