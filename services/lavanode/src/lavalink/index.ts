/**
 * Typed Lavalink v4 client: REST and WebSocket session. The wire types, validators and errors it speaks
 * live in `services/common/src/lavalink-protocol/`.
 */
export * from "./client-name";
export * from "./rest-client";
export * from "./rest-error";
export * from "./reconnect-backoff";
export * from "./websocket-session";
export * from "./websocket-session-events";
export * from "./websocket-session-options";
export * from "./websocket-keepalive";
export * from "./frame-dispatch";
