/**
 * The Lavalink v4 protocol: wire types of every REST body and WebSocket frame, their validators, and
 * the typed errors a Lavalink peer can produce. Both services import it downward; the REST client and
 * the WebSocket session live in the Lavanode.
 *
 * The tolerant reader's rule (tolerance.ts). Servers other than Lavalink (NodeLink) and other Lavalink
 * versions deviate; a deviation is harmless when nothing Pyro does depends on the field, harmful when
 * Pyro would act on a wrong value. Harmless deviations are accepted, normalised and reported through
 * an `OnDeviation` callback (the Lavanode warns once per node per kind and counts them in
 * `pyro_lavalink_deviations_total`). Tolerated:
 * - unknown or extra fields, anywhere (ignored: `prerelease`, plugin fields, `cpu.nodelinkLoad`);
 * - arrays, numbers or booleans where an informational string is expected (`version.build`,
 *   `version.preRelease`: an array is joined with `.`);
 * - a missing load figure (`cpu.lavalinkLoad`: `cpu.nodelinkLoad` stands in, else 0);
 * - missing optional fields and headers (`frameStats`, `version.preRelease`, `track`, `filters`,
 *   `voice.channelId`; the REST error body's fields fall back to the status line);
 * - a player echo whose filters are shaped differently: the echo never replaces the filters a
 *   client asked for (the Lavanode's checkpoint keeps the desired state; see player-commands.ts).
 * Refused, as a `LavalinkProtocolError` naming the field path (FAILED_PRECONDITION through the
 * Lavanode, counted in `pyro_lavalink_refusals_total`): anything Pyro acts on that cannot be read —
 * a player state or position, a track, an event's fields, stats counts, `sourceManagers`, session ids.
 */
export * from "./json-object";
export * from "./types";
export * from "./filter-types";
export * from "./message-types";
export * from "./errors";
export * from "./validate-json";
export * from "./tolerance";
export * from "./validate-track";
export * from "./validate-filters";
export * from "./validate-player";
export * from "./validate-load-result";
export * from "./validate-node";
export * from "./validate-message";
