/** Waiting for the Router to see standalone's own nodes ready for placement. */
import { delay } from "../../common/src/abort";
import type { NodeDirectory } from "../../router/src/nodes/node-directory";

/** True when the Router can place players on `nodeId`: lease held, link up, Lavalink session open, stats known. */
function nodeReady(directory: NodeDirectory, nodeId: string): boolean {
  const n = directory.get(nodeId);
  return n !== undefined && directory.usable(n) && n.link?.status?.sessionOpen === true && n.record.stats !== undefined;
}

/**
 * Polls the Router's node directory until every node in `nodeIds` is ready, or `timeoutMs` passes.
 * Returns the ids still not ready (empty when all are). Rejects only when `signal` aborts.
 */
export async function waitForNodes(directory: NodeDirectory, nodeIds: readonly string[], { timeoutMs, signal }: { timeoutMs: number; signal?: AbortSignal }): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pending = nodeIds.filter((id) => !nodeReady(directory, id));
    if (pending.length === 0 || Date.now() >= deadline) return pending;
    await delay(50, { signal });
  }
}
