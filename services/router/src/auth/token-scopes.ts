/**
 * The Router's bearer tokens and the bots each may act for: `--auth-token` (every bot) plus the
 * entries of `--auth-token-file` (token-file.ts). The file is re-read on `reload()` (main.ts calls
 * it on SIGHUP) and when it changes on disk (polled); a file that no longer parses keeps the
 * previous table and logs a warning naming the problems, never a token. Lookups compare sha256
 * digests, so the time a lookup takes says nothing about a secret.
 */
import { readFileSync, unwatchFile, watchFile, type Stats } from "node:fs";
import type { Metadata } from "@grpc/grpc-js";
import { timingSafeEqual } from "node:crypto";
import type { Logger } from "../../../common/src/logger";
import { PermissionDeniedError, UnauthenticatedError } from "../../../common/src/errors";
import { bearerToken } from "../../../common/src/grpc/auth";
import { parseTokenFile, tokenHash, type BotScope, type TokenTable } from "./token-file";

/** Options of {@link TokenScopes}. */
export interface TokenScopesOptions {
  /** `--auth-token`: a token for every bot. */
  allBotsToken?: string;
  /** `--auth-token-file`; read once by the constructor (throws TokenFileError or a read error). */
  file?: string;
  logger: Logger;
  /** Poll interval of the file's modification time in ms (default 1000). */
  pollMs?: number;
}

/** The token table with its reload lifecycle. */
export class TokenScopes {
  private table: TokenTable;
  private readonly allBots?: Buffer;
  private readonly onChange = (cur: Stats, prev: Stats): void => {
    if (cur.mtimeMs !== prev.mtimeMs || cur.size !== prev.size) this.reload();
  };
  private watching = false;

  constructor(private readonly o: TokenScopesOptions) {
    this.allBots = o.allBotsToken !== undefined ? Buffer.from(tokenHash(o.allBotsToken)) : undefined;
    this.table = o.file !== undefined ? parseTokenFile(readFileSync(o.file, "utf8")) : { byHash: new Map() };
  }

  /** True when any token is configured (the Router then refuses calls without one). */
  get enabled(): boolean {
    return this.allBots !== undefined || this.o.file !== undefined;
  }

  /** Re-reads the file; false (old table kept, warning logged) when it cannot be read or parsed. */
  reload(): boolean {
    if (this.o.file === undefined) return true;
    try {
      this.table = parseTokenFile(readFileSync(this.o.file, "utf8"));
      this.o.logger.info("auth token file reloaded", { tokens: this.table.byHash.size });
      return true;
    } catch (err) {
      this.o.logger.warn("auth token file not reloaded; the previous tokens stay in force", { problem: (err as Error).message });
      return false;
    }
  }

  /** Starts polling the file for changes until `signal` aborts (or `close`). */
  watch(opts: { signal?: AbortSignal } = {}): void {
    if (this.o.file === undefined || this.watching) return;
    this.watching = true;
    watchFile(this.o.file, { interval: this.o.pollMs ?? 1000, persistent: false }, this.onChange);
    opts.signal?.addEventListener("abort", () => this.close(), { once: true });
  }

  /** Stops watching the file. Idempotent. */
  close(): void {
    if (!this.watching || this.o.file === undefined) return;
    this.watching = false;
    unwatchFile(this.o.file, this.onChange);
  }

  /** The bots the call's bearer token may act for. @throws UnauthenticatedError for a missing or unknown token. */
  scopeOf(metadata: Metadata): BotScope {
    const token = bearerToken(metadata);
    const scope = token === undefined ? undefined : this.scopeOfToken(token);
    if (scope === undefined) throw new UnauthenticatedError("invalid bearer token");
    return scope;
  }

  /** The bots `token` may act for; undefined for an unknown token. */
  scopeOfToken(token: string): BotScope | undefined {
    const hash = tokenHash(token);
    if (this.allBots !== undefined && timingSafeEqual(Buffer.from(hash), this.allBots)) return "all";
    return this.table.byHash.get(hash)?.bots;
  }

  /** @throws PermissionDeniedError unless `scope` covers `botUserId`. */
  static assertCovers(scope: BotScope, botUserId: string): void {
    if (scope !== "all" && !scope.has(botUserId)) throw new PermissionDeniedError(`this token may not act for bot ${botUserId}`);
  }
}
