/**
 * The `--auth-token-file` format: bearer tokens, each scoped to the bots whose players, nodes and
 * events it may see and touch. YAML or JSON (JSON is YAML):
 *
 * ```yaml
 * tokens:
 *   - name: music-1            # optional label, the only thing logs ever show
 *     token: "<secret>"        # at least 16 characters, no whitespace
 *     bots: ["111111111111111111"]
 *   - token: "<another>"
 *     bots: "*"                # every bot
 * ```
 *
 * Validation reports every problem at once by path (`tokens[1].bots[0]`) and never echoes a token.
 */
import { createHash } from "node:crypto";
import { parse } from "yaml";

/** Bots one token may act for: a set of bot user ids, or every bot. */
export type BotScope = ReadonlySet<string> | "all";

/** A parsed token file: sha256(token) hex → scope and label. Tokens themselves are not kept. */
export interface TokenTable {
  readonly byHash: ReadonlyMap<string, { name: string; bots: BotScope }>;
}

/** Problems of a token file; the message lists each by path. */
export class TokenFileError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join("; "));
    this.name = "TokenFileError";
  }
}

const SNOWFLAKE = /^[1-9]\d{15,19}$/;

/** sha256 hex of a token: the table's key, so a lookup compares digests, never the secret itself. */
export function tokenHash(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Parses and validates a token file's text. @throws TokenFileError listing every problem. */
export function parseTokenFile(text: string): TokenTable {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    // The YAML parser's message may quote the offending line, which can hold a token: keep only the position.
    const pos = (err as { linePos?: Array<{ line: number }> }).linePos?.[0]?.line;
    throw new TokenFileError([`not valid YAML or JSON${pos !== undefined ? ` (line ${pos})` : ""}`]);
  }
  const problems: string[] = [];
  const entries = (doc as { tokens?: unknown } | null)?.tokens;
  if (!Array.isArray(entries) || entries.length === 0) throw new TokenFileError(["tokens: must be a non-empty list"]);
  const byHash = new Map<string, { name: string; bots: BotScope }>();
  entries.forEach((entry: unknown, i) => {
    const at = `tokens[${i}]`;
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) return void problems.push(`${at}: must be a mapping with token and bots`);
    const e = entry as Record<string, unknown>;
    for (const key of Object.keys(e)) if (!["name", "token", "bots"].includes(key)) problems.push(`${at}.${key}: unknown field`);
    const name = e.name === undefined ? `#${i}` : typeof e.name === "string" && e.name !== "" ? e.name : (problems.push(`${at}.name: must be a non-empty string`), `#${i}`);
    let hash: string | undefined;
    if (typeof e.token !== "string" || e.token.length < 16 || /\s/.test(e.token)) problems.push(`${at}.token: must be a string of at least 16 characters without whitespace`);
    else if (byHash.has((hash = tokenHash(e.token)))) problems.push(`${at}.token: repeats an earlier entry's token`);
    let bots: BotScope | undefined;
    if (e.bots === "*") bots = "all";
    else if (Array.isArray(e.bots) && e.bots.length > 0) {
      e.bots.forEach((b: unknown, j) => {
        if (typeof b !== "string" || !SNOWFLAKE.test(b)) problems.push(`${at}.bots[${j}]: must be a Discord user id (string of 16 to 20 digits)`);
      });
      bots = new Set(e.bots.map(String));
    } else problems.push(`${at}.bots: must be "*" or a non-empty list of bot user ids`);
    if (hash !== undefined && bots !== undefined) byHash.set(hash, { name, bots });
  });
  if (problems.length > 0) throw new TokenFileError(problems);
  return { byHash };
}
