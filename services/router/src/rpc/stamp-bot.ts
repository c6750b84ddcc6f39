/** The bot of an answer: players and events going out of a bot's components carry its user id. */

/** Sets `botUserId` on the players and events of one response, in place, and returns it; "" (no configured bot) sets nothing. */
export function stampBot<T>(res: T, bot: string): T {
  if (bot === "") return res;
  const r = res as { player?: { botUserId?: string }; players?: Array<{ botUserId?: string }>; event?: { botUserId?: string }; kind?: { $case?: string; value?: { botUserId?: string } } } | undefined;
  if (!r) return res;
  if (r.player) r.player.botUserId = bot;
  for (const p of r.players ?? []) p.botUserId = bot;
  if (r.event) r.event.botUserId = bot;
  if (r.kind?.$case === "event" && r.kind.value) r.kind.value.botUserId = bot;
  return res;
}
