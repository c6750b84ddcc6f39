export { startLavalinkEndpoint, type LavalinkEndpoint, type LavalinkEndpointOptions } from "./lavalink-endpoint";
export { SessionManager, DEFAULT_TIMINGS, type SessionTimings } from "./session-manager";
