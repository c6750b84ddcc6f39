/**
 * Redis key and channel names. Every key carries a hash tag, `{g:<guildId>}` for a guild's player and
 * queue or `{n:<nodeId>}` for a node's record, lease and player index, so each Lua script touches a
 * single slot and runs unchanged on Redis Cluster.
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
 * Builds the key layout under `prefix` (default "pyro:"). Throws InvalidArgumentError if the prefix
 * contains braces (they would change the hash tag) or glob characters (they would break SCAN patterns).
 */
export function createRegistryKeys(prefix = "pyro:"): RegistryKeys {
  if (/[{}*?[\]\\]/.test(prefix)) throw new InvalidArgumentError("keyPrefix", "must not contain braces or glob characters");
  const playerHead = `${prefix}{g:`;
  const playerTail = "}:player";
  return {
    player: (g) => `${playerHead}${g}${playerTail}`,
    playerPattern: `${playerHead}*${playerTail}`,
    guildOfPlayerKey: (key) =>
      key.startsWith(playerHead) && key.endsWith(playerTail) ? key.slice(playerHead.length, key.length - playerTail.length) : null,
    queueItems: (g) => `${prefix}{g:${g}}:q:items`,
    voiceHalves: (g) => `${prefix}{g:${g}}:voice-halves`,
    queueMeta: (g) => `${prefix}{g:${g}}:q:meta`,
    queueHistory: (g) => `${prefix}{g:${g}}:q:history`,
    nodeIndex: (n) => (n === null ? `${prefix}{unowned}:players` : `${prefix}{n:${n}}:players`),
    node: (n) => `${prefix}{n:${n}}:node`,
    lease: (n) => `${prefix}{n:${n}}:lease`,
    nodeSet: `${prefix}{nodes}:all`,
    deathChannel: `${prefix}node-deaths`,
    eventChannel: (c) => `${prefix}events:${c}`,
    lavalinkSession: (id) => `${prefix}{ls:${id}}:session`,
    lavalinkSessionGuilds: (id) => `${prefix}{ls:${id}}:guilds`,
    lavalinkSessionFrames: (id) => `${prefix}{ls:${id}}:frames`,
    lavalinkSessionSet: `${prefix}{lsessions}:all`,
    eventLog: (g) => `${prefix}{g:${g}}:evlog`,
    eventLogCounter: (g) => `${prefix}{g:${g}}:evlog:seq`,
    eventLogIds: (g) => `${prefix}{g:${g}}:evlog:ids`,
  };
}
