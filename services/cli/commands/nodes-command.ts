/** `pyro nodes`: every node with its state, load and Lavalink connection. */
import { ListNodesResponse, nodeStateToJSON, type Node } from "../../../gen/ts/pyro/router/v1/node";
import { OPERATOR_COMMON_OPTIONS, parseOperatorArgs } from "../operator-args";
import { connectRouter, toJsonLine, type CommandIo } from "../operator-io";
import { enumLabel, formatTable } from "../format-table";

/** Usage line. */
export const NODES_USAGE = "pyro nodes [--json]";

function row(n: Node): string[] {
  const load = n.stats?.cpu ? `${(n.stats.cpu.lavalinkLoad * 100).toFixed(1)}%` : "-";
  const state = enumLabel(nodeStateToJSON(n.state), "NODE_STATE_") + (n.cordonReason ? ` (${n.cordonReason})` : "");
  return [n.id, state, n.lavalinkConnected ? "yes" : "no", String(n.playerCount), String(n.playingPlayerCount), String(n.capacity), n.region, load, n.address];
}

/** Lists the nodes. @throws PyroClientError from ListNodes. */
export async function runNodes(argv: string[], env: Record<string, string | undefined>, io: CommandIo): Promise<void> {
  const { options } = parseOperatorArgs(OPERATOR_COMMON_OPTIONS, [], argv, env);
  const client = connectRouter(options);
  try {
    const res = await client.listNodes({ states: [] }, { signal: io.signal });
    if (options.json) return io.out(toJsonLine(ListNodesResponse.toJSON(res)));
    io.out(formatTable(["NODE", "STATE", "LAVALINK", "PLAYERS", "PLAYING", "CAPACITY", "REGION", "LOAD", "ADDRESS"], res.nodes.map(row)));
  } finally {
    client.close();
  }
}
