/** Pyro's TypeScript client: generated stubs plus a thin ergonomic layer. */
export { createPyroClient, type PyroClient, type PyroClientOptions } from "./pyro-client";
export { PyroClientError, RETRYABLE, fromServiceError } from "./errors";
export * from "../../../gen/ts/pyro/router/v1/router_service";
export { forwardVoiceEvents, type RawGatewayPacket, type RawGatewaySource, type VoiceForwarder } from "./voice-ingest";
export { createVoicePublisher, type StreamWriter, type VoicePublisher, type VoicePublisherOptions } from "./voice-publisher";
