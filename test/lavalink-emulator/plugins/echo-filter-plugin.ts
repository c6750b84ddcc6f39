/**
 * A simulated plugin filter in the shape of LavaDSPX (`lavadspx-plugin`): it adds the `echo` filter,
 * so `filters.pluginFilters.echo` is kept and echoed back (`{echoLength, decay}`, defaults 1 and 0.5)
 * on an emulator that has it and dropped, like every unknown plugin filter, on one that does not.
 * No routes, no events.
 */
import { HttpError } from "../errors";
import type { JsonObject } from "../json";
import type { EmulatorPlugin } from "./plugin-types";

/** The filter name it adds to `/v4/info` `filters`. */
export const ECHO_FILTER = "echo";

/** Validates `pluginFilters.echo` and returns the normalised value. @throws HttpError 400 on a type error. */
export function parseEcho(value: unknown): JsonObject {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new HttpError(400, "JSON parse error: field 'filters.pluginFilters.echo' must be an object");
  const o = value as JsonObject;
  const num = (k: string, d: number): number => {
    if (o[k] === undefined) return d;
    if (typeof o[k] !== "number") throw new HttpError(400, `JSON parse error: field 'filters.pluginFilters.echo.${k}' must be a number`);
    return o[k] as number;
  };
  return { echoLength: num("echoLength", 1), decay: num("decay", 0.5) };
}

/** Creates the plugin. */
export function createEchoFilterPlugin(): EmulatorPlugin {
  return {
    id: "echo-filter",
    info: [{ name: "lavadspx-plugin", version: "0.0.5" }],
    sourceManagers: [],
    filters: { [ECHO_FILTER]: parseEcho },
    routes: [],
  };
}
