/** Boundary check of a batch of claims, shared by both backends. */
import { assertId, assertInt, invalidArgument } from "./fail";
import { MAX_CLAIM_BATCH, type ClaimRequest } from "./registry";

/**
 * Throws InvalidArgumentError (field path `claims[i].<field>`) unless `claims` is an array of at most
 * MAX_CLAIM_BATCH valid claims naming distinct guilds.
 */
export function assertClaims(claims: readonly ClaimRequest[]): void {
  if (!Array.isArray(claims)) invalidArgument("claims", "must be an array");
  if (claims.length > MAX_CLAIM_BATCH) invalidArgument("claims", `must hold at most ${MAX_CLAIM_BATCH} claims`);
  const seen = new Set<string>();
  claims.forEach((c, i) => {
    assertId(c.guildId, `claims[${i}].guildId`);
    assertInt(c.expectedEpoch, `claims[${i}].expectedEpoch`, 1);
    if (c.newOwnerNodeId !== null) assertId(c.newOwnerNodeId, `claims[${i}].newOwnerNodeId`);
    if (seen.has(c.guildId)) invalidArgument(`claims[${i}].guildId`, "names a guild already in the batch");
    seen.add(c.guildId);
  });
}
