/**
 * Deterministic tie-break key for equal scores: a 32-bit hash of (seed, guild, node). Different
 * guilds spread over equally scored nodes, the same inputs always give the same order, and a
 * different seed gives a different order.
 */

/** FNV-1a over UTF-16 code units, then the murmur3 finaliser for avalanche. Unsigned 32-bit result. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Tie-break key of a node for a guild under a seed (unsigned 32-bit); lower wins. */
export function tieBreakKey(seed: number, guildId: string, nodeId: string): number {
  // NUL separators keep ("1","23") and ("12","3") apart.
  return hash32(`${seed}\u0000${guildId}\u0000${nodeId}`);
}
