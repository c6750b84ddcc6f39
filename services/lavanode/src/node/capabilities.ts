/** What a Lavalink can do beyond the core protocol, read from `GET /v4/info` for the node record. */
import type { AsyncOptions } from "../../../common/src/abort";
import type { NodeCapabilities } from "../../../common/src/registry/types";
import type { LavalinkRest } from "../lavalink/rest-client";

/**
 * Reads the plugins (with versions), source managers and filters of the Lavalink behind `rest`.
 * @throws the REST client's errors (unreachable, timeout, protocol) and the signal's reason.
 */
export async function readCapabilities(rest: LavalinkRest, opts: AsyncOptions = {}): Promise<NodeCapabilities> {
  const info = await rest.getInfo({ signal: opts.signal });
  return {
    plugins: info.plugins.map((p) => ({ name: p.name, version: p.version })),
    sourceManagers: [...info.sourceManagers],
    filters: [...info.filters],
  };
}
