/**
 * The Lavalink v4 protocol: wire types of every REST body and WebSocket frame, their validators, and
 * the typed errors a Lavalink peer can produce. Both services import it downward; the REST client and
 * the WebSocket session live in the Lavanode.
 */
export * from "./json-object";
export * from "./types";
export * from "./filter-types";
export * from "./message-types";
export * from "./errors";
export * from "./validate-json";
export * from "./validate-track";
export * from "./validate-filters";
export * from "./validate-player";
export * from "./validate-load-result";
export * from "./validate-node";
export * from "./validate-message";
