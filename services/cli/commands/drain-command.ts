/**
 * `pyro drain <node>`: cordons the node and moves its players away. With --wait, prints the node's
 * NodeDraining progress events until the drain is done (or the node owns no player any more, in
 * case the final event was published before the event stream was live): a progress bar redrawn in
 * place on a terminal, one line per event otherwise (and with --json).
 */
import { DrainNodeResponse } from "../../../gen/ts/pyro/router/v1/node";
import { Event } from "../../../gen/ts/pyro/router/v1/event";
import type { PyroClient } from "../../../clients/ts/src";
import { delay } from "../../common/src/abort";
import { OPERATOR_COMMON_OPTIONS, parseOperatorArgs } from "../operator-args";
import { CommandError, connectRouter, toJsonLine, type CommandIo } from "../operator-io";
import { formatEventLine } from "../event-line";
import { formatProgressBar } from "../progress-bar";

/** Usage line. */
export const DRAIN_USAGE = "pyro drain <node> [--reason text] [--max-concurrent-moves n] [--wait] [--wait-timeout-ms 600000] [--json]";

/** Flags of the command. */
export const DRAIN_OPTIONS = {
  ...OPERATOR_COMMON_OPTIONS,
  reason: { flag: "reason", kind: "string", doc: "why the node is drained" },
  maxConcurrentMoves: { flag: "max-concurrent-moves", kind: "int", min: 1, doc: "players moved at once (server default when unset)" },
  wait: { flag: "wait", kind: "bool", default: false, doc: "follow progress until the drain is done" },
  waitTimeoutMs: { flag: "wait-timeout-ms", kind: "duration-ms", min: 1000, default: 600000, doc: "give up waiting after this long (exit 1)" },
} as const;

/**
 * Resolves once `nodeId` owns no player, polling every 500 ms; never resolves once `streamLive()`
 * is true (progress events are arriving, so the final one will too).
 */
async function untilEmpty(client: PyroClient, nodeId: string, streamLive: () => boolean, signal: AbortSignal): Promise<void> {
  for (;;) {
    const page = await client.listPlayers({ pageSize: 1, pageToken: "", nodeId }, { signal });
    if (page.players.length === 0 && !streamLive()) return;
    await delay(500, { signal });
  }
}

/** Starts the drain (and waits for it with --wait). @throws PyroClientError; CommandError when moves failed or the wait timed out. */
export async function runDrain(argv: string[], env: Record<string, string | undefined>, io: CommandIo): Promise<void> {
  const { positionals: [nodeId], options: o } = parseOperatorArgs(DRAIN_OPTIONS, ["node"], argv, env);
  const client = connectRouter(o);
  const waiting = new AbortController();
  const abort = (): void => waiting.abort();
  io.signal.addEventListener("abort", abort, { once: true });
  const timer = setTimeout(abort, o.waitTimeoutMs);
  const print = (e: Event): void => io.out(o.json ? toJsonLine(Event.toJSON(e)) : formatEventLine(e));
  try {
    // Subscribe before draining so progress events are not missed.
    const events = o.wait ? client.watch({ guildIds: [], includeNodeEvents: true, excludePlayerUpdates: true }, { signal: waiting.signal })[Symbol.asyncIterator]() : undefined;
    const first = events?.next();
    const res = await client.drainNode({ nodeId: nodeId!, reason: o.reason ?? "", maxConcurrentMoves: o.maxConcurrentMoves }, { signal: io.signal });
    io.out(o.json ? toJsonLine(DrainNodeResponse.toJSON(res)) : `draining ${nodeId}: ${res.playersToMove} players to move`);
    if (!events || !first || res.playersToMove === 0) return;
    let live = false;
    const followed = (async (): Promise<"done"> => {
      for (let next = first; ; next = events.next()) {
        const r = await next;
        if (r.done) throw new CommandError(`stopped waiting for the drain of ${nodeId}`);
        const k = r.value.kind;
        if (r.value.nodeId !== nodeId || k?.$case !== "nodeDraining") continue;
        live = true;
        if (io.progress && !o.json) io.progress(`draining ${nodeId} ${formatProgressBar(k.value.moved, k.value.failed, k.value.total)}`, k.value.done);
        else print(r.value);
        if (!k.value.done) continue;
        if (k.value.failed > 0) throw new CommandError(`drain of ${nodeId} finished with ${k.value.failed} players not moved`);
        return "done";
      }
    })();
    const emptied = untilEmpty(client, nodeId!, () => live, waiting.signal).then(() => "empty" as const);
    // The loser of the race rejects when `waiting` aborts below; that is expected.
    followed.catch(() => undefined);
    emptied.catch(() => undefined);
    const how = await Promise.race([followed, emptied]).catch((err: unknown) => {
      if (waiting.signal.aborted && !io.signal.aborted) throw new CommandError(`gave up waiting for the drain of ${nodeId} after ${o.waitTimeoutMs} ms`);
      throw err;
    });
    if (how === "empty" && !o.json) io.out(`drained ${nodeId}: no players left`);
  } finally {
    clearTimeout(timer);
    io.signal.removeEventListener("abort", abort);
    waiting.abort();
    client.close();
  }
}
