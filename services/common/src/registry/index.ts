export * from "./errors";
export * from "./types";
export * from "./registry";
export * from "./keys";
export { RedisRegistry, type RedisRegistryOptions } from "./redis-registry";
export { MemoryRegistry, type MemoryRegistryOptions } from "./memory-registry";
export { seededShuffle, normaliseSeed } from "./seeded-shuffle";
export * from "./lavalink-session-store";
export * from "./event-log-store";
