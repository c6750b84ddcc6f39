/** Pure conversions between Lavalink v4 JSON payloads and Pyro's generated protobuf types. */
export * from "./int64";
export * from "./epoch-ms";
export * from "./json-object";
export * from "./track";
export * from "./exception";
export * from "./filters";
export * from "./validate-filters";
export * from "./voice";
export * from "./player";
export * from "./player-update";
export * from "./update-player";
export * from "./events";
export * from "./stats";
export * from "./load-result";
export * from "./info";
export * from "./route-planner";
export * from "./session";
