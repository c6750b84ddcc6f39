/** Pyro's TypeScript client: the bot-level API (`createPyro`), the raw client, and every message type. */
export { createPyro, PyroBot, type PyroOptions } from "./pyro";
export { Player, PlayerFilters, type PlainPlayer, type PlayOptions } from "./player";
export { Queue, type PlainQueueEntry, type QueueList, type Repeat, type TrackInput } from "./queue";
export { FILTER_PRESETS, isFilterPreset, type FilterPreset } from "./filter-presets";
export { hasScheme, toIdentifier, toSearchResult, SEARCH_PREFIXES, type SearchResult, type PlainTrack } from "./search";
export { eventPayload, type EventKind, type EventMeta, type EventPayload, type PyroEventMap } from "./pyro-events";
export { toPlain, type Plain } from "./plain";
export { backoffDelayMs, type BackoffOptions } from "./backoff";
export { createPyroClient, type CallOptions, type ConnectionState, type PyroClient, type PyroClientOptions, type PyroUnary, type WatchOptions } from "./pyro-client";
export { PyroClientError, RETRYABLE, fromServiceError, type PyroErrorCode } from "./errors";
export { forwardVoiceEvents, type RawGatewayPacket, type RawGatewaySource, type VoiceForwarder } from "./voice-ingest";
export { createVoicePublisher, type StreamWriter, type VoicePublisher, type VoicePublisherOptions } from "./voice-publisher";
export * from "./messages";
