/**
 * Redis key and channel names. Every key carries a hash tag, `{g:<guildId>}` for a guild's player and
 * queue or `{n:<nodeId>}` for a node's record, lease and player index, so each Lua script touches a
 * single slot and runs unchanged on Redis Cluster (the batched claim, lua-claim-batch.ts, is the one
 * multi-slot script and runs on a single server only).
 *
 * A player is identified by (bot user id, guild id). The cluster's default bot keeps the layout above
 * (no migration for single-bot deployments); every other bot's keys carry the bot inside the same
 * hash tag (`{b:<botUserId>:g:<guildId>}`, `{b:<botUserId>:n:<nodeId>}`), so both ids of a player
 * share one slot, two bots' players of one guild spread over different slots, and a bot's SCAN
 * pattern never matches another bot's keys. Channels get a `b:<botUserId>:` infix.
 */
import { InvalidArgumentError } from "./errors";

/** The key layout for one prefix. */
export interface RegistryKeys {
  player(guildId: string): string;
  /** SCAN pattern matching every player key. */
  readonly playerPattern: string;
  /** Guild id of a player key, or null if the key is not one. */
  guildOfPlayerKey(key: string): string | null;
  queueItems(guildId: string): string;
  /** Hash of the voice-credential halves of a guild not yet paired. */
  voiceHalves(guildId: string): string;
  queueMeta(guildId: string): string;
  queueHistory(guildId: string): string;
  /** Set of guild ids owned by a node; null names the set of unowned players. */
  nodeIndex(nodeId: string | null): string;
  node(nodeId: string): string;
  lease(nodeId: string): string;
  /** Set of every registered node id. */
  readonly nodeSet: string;
  /** Pub/sub channel of node deaths. */
  readonly deathChannel: string;
  /** Pub/sub channel of a generic event channel. */
  eventChannel(channel: string): string;
  /** JSON record of a virtual Lavalink session. */
  lavalinkSession(sessionId: string): string;
  /** Set of the guilds a virtual Lavalink session owns. */
  lavalinkSessionGuilds(sessionId: string): string;
  /** List of frames queued for a paused virtual Lavalink session. */
  lavalinkSessionFrames(sessionId: string): string;
  /** Set of every virtual Lavalink session id. */
  readonly lavalinkSessionSet: string;
  /** Sorted set of a guild's logged events. */
  eventLog(guildId: string): string;
  /** Counter of a guild's event log sequence. */
  eventLogCounter(guildId: string): string;
  /** Hash eventId → sequence of a guild's logged events. */
  eventLogIds(guildId: string): string;
}

/**
 * Builds the key layout under `prefix` (default "pyro:") for the players of `botUserId` (default:
 * the cluster's default bot, whose keys carry no bot). Throws InvalidArgumentError if the prefix
 * contains braces (they would change the hash tag) or glob characters (they would break SCAN
 * patterns), or if `botUserId` is not a decimal id.
 */
export function createRegistryKeys(prefix = "pyro:", botUserId?: string): RegistryKeys {
  if (/[{}*?[\]\\]/.test(prefix)) throw new InvalidArgumentError("keyPrefix", "must not contain braces or glob characters");
  if (botUserId !== undefined && !/^\d{1,20}$/.test(botUserId)) throw new InvalidArgumentError("botUserId", "must be a decimal Discord user id");
  const scope = botUserId === undefined ? "" : `b:${botUserId}:`;
  const k = (tag: string, rest: string): string => `${prefix}{${scope}${tag}}${rest}`;
  const playerHead = `${prefix}{${scope}g:`;
  const playerTail = "}:player";
  return {
    player: (g) => `${playerHead}${g}${playerTail}`,
    playerPattern: `${playerHead}*${playerTail}`,
    guildOfPlayerKey: (key) =>
      key.startsWith(playerHead) && key.endsWith(playerTail) ? key.slice(playerHead.length, key.length - playerTail.length) : null,
    queueItems: (g) => k(`g:${g}`, ":q:items"),
    voiceHalves: (g) => k(`g:${g}`, ":voice-halves"),
    queueMeta: (g) => k(`g:${g}`, ":q:meta"),
    queueHistory: (g) => k(`g:${g}`, ":q:history"),
    nodeIndex: (n) => (n === null ? k("unowned", ":players") : k(`n:${n}`, ":players")),
    node: (n) => k(`n:${n}`, ":node"),
    lease: (n) => k(`n:${n}`, ":lease"),
    nodeSet: k("nodes", ":all"),
    deathChannel: `${prefix}${scope}node-deaths`,
    eventChannel: (c) => `${prefix}${scope}events:${c}`,
    lavalinkSession: (id) => k(`ls:${id}`, ":session"),
    lavalinkSessionGuilds: (id) => k(`ls:${id}`, ":guilds"),
    lavalinkSessionFrames: (id) => k(`ls:${id}`, ":frames"),
    lavalinkSessionSet: k("lsessions", ":all"),
    eventLog: (g) => k(`g:${g}`, ":evlog"),
    eventLogCounter: (g) => k(`g:${g}`, ":evlog:seq"),
    eventLogIds: (g) => k(`g:${g}`, ":evlog:ids"),
  };
}
