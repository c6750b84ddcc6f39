/**
 * `pyro plugin <METHOD> <path> [--guild <id>] [--body <json>] [--node <id>]`: calls a Lavalink
 * plugin's REST route through the Router (CallPlugin). With `--guild` the path is relative to that
 * guild's player (`/sponsorblock/categories`), else to `/v4` (`/lyrics?track=...`). Prints the HTTP
 * status line and the body (pretty-printed when it is JSON); a non-2xx answer exits 1.
 */
import { CallPluginResponse } from "../../../gen/ts/pyro/router/v1/plugin";
import { OPERATOR_COMMON_OPTIONS, parseOperatorArgs } from "../operator-args";
import { CommandError, connectRouter, toJsonLine, type CommandIo } from "../operator-io";

/** Usage line. */
export const PLUGIN_USAGE = "pyro plugin <GET|POST|PUT|PATCH|DELETE> <path> [--guild <id>] [--body <json>] [--node <id>] [--json]";

const OPTIONS = {
  ...OPERATOR_COMMON_OPTIONS,
  guild: { flag: "guild", kind: "string", doc: "guild whose player the path is relative to (player-scoped route)" },
  body: { flag: "body", kind: "string", doc: "request body as JSON text" },
  node: { flag: "node", kind: "string", doc: "node to call for a global route (default: one with the plugin)" },
} as const;

function pretty(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

/** Runs the call. @throws PyroClientError from CallPlugin; CommandError (exit 1) for a non-2xx answer. */
export async function runPlugin(argv: string[], env: Record<string, string | undefined>, io: CommandIo): Promise<void> {
  const { positionals: [method, path], options: o } = parseOperatorArgs(OPTIONS, ["method", "path"], argv, env);
  const client = connectRouter(o);
  try {
    const r = await client.callPlugin({ method: method!, path: path!, guildId: o.guild ?? "", bodyJson: o.body ?? "", nodeId: o.node }, { signal: io.signal });
    if (o.json) io.out(toJsonLine(CallPluginResponse.toJSON(r)));
    else {
      io.out(`HTTP ${r.httpStatus} from ${r.nodeId}`);
      if (r.body !== "") io.out(pretty(r.body));
    }
    if (r.httpStatus < 200 || r.httpStatus > 299) throw new CommandError(`the plugin answered HTTP ${r.httpStatus}`, 1);
  } finally {
    client.close();
  }
}
