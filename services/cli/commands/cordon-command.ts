/** `pyro cordon <node> [--reason r]` and `pyro uncordon <node>`: stop or allow new placements on a node. */
import { OPERATOR_COMMON_OPTIONS, parseOperatorArgs } from "../operator-args";
import { connectRouter, toJsonLine, type CommandIo } from "../operator-io";

/** Usage lines. */
export const CORDON_USAGE = "pyro cordon <node> [--reason text]";
export const UNCORDON_USAGE = "pyro uncordon <node>";

const OPTIONS = { ...OPERATOR_COMMON_OPTIONS, reason: { flag: "reason", kind: "string", doc: "why the node is cordoned" } } as const;

/** Cordons (`on`) or uncordons a node. @throws PyroClientError, ConfigError. */
export async function runCordon(on: boolean, argv: string[], env: Record<string, string | undefined>, io: CommandIo): Promise<void> {
  const { positionals: [nodeId], options: o } = parseOperatorArgs(on ? OPTIONS : OPERATOR_COMMON_OPTIONS, ["node"], argv, env);
  const client = connectRouter(o);
  try {
    const r = on
      ? await client.cordonNode({ nodeId: nodeId!, reason: (o as { reason?: string }).reason ?? "" }, { signal: io.signal })
      : await client.uncordonNode({ nodeId: nodeId! }, { signal: io.signal });
    io.out(o.json ? toJsonLine(r) : `${nodeId} ${on ? "cordoned: no new players are placed on it" : "uncordoned: it accepts players again"}`);
  } finally {
    client.close();
  }
}
