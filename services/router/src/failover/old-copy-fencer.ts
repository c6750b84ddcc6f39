/**
 * One fencer of a dead or unreachable node's copies for every path that re-places a player: the
 * failover manager (node declared dead) and a client command that finds the owner's stream gone
 * (it places the player elsewhere at once, before any death is declared). Either way the old
 * Lavalink may still play the guild, so the old copy is destroyed there (fence-old-copies.ts):
 * the paused session is ended once for all its players, else the player is deleted from the open
 * session. Only an ended session is remembered: a session that was not resumable (still open, its
 * Lavanode frozen) is tried again next time, when the same session may be paused (a paused session
 * answers the per-player DELETE with 404, so a remembered "no" would leave its players playing for
 * the resume timeout).
 */
import type { Logger } from "../../../common/src/logger";
import type { NodeRecord } from "../../../common/src/registry/types";
import { fenceOldCopy, fenceOldSession, type FenceOutcome, type SessionFenceOutcome } from "./fence-old-copies";

/** Fences old copies; shared by a Router's failover manager and player manager. */
export class OldCopyFencer {
  private readonly sessions = new Map<string, Promise<SessionFenceOutcome>>(); // "<node>/<session>" -> attempt

  constructor(private readonly logger: Logger) {}

  /**
   * Destroys `guildId`'s copy at `node`'s Lavalink (the old owner's record). A Lavalink that refused
   * the session attempt's connection is not running (its players died with it): no per-player
   * delete is sent then. Never throws.
   */
  async fence(node: NodeRecord, guildId: string, { signal }: { signal?: AbortSignal } = {}): Promise<FenceOutcome> {
    const session = await this.endSession(node);
    const outcome = session === "ended" ? "destroyed" : session === "refused" ? "unreachable" : await fenceOldCopy(node, guildId, { signal });
    if (outcome === "destroyed") this.logger.info("fenced the old copy on the dead node's Lavalink", { guildId, nodeId: node.nodeId });
    return outcome;
  }

  /** Ends the node's paused session; concurrent callers share one attempt. */
  private endSession(node: NodeRecord): Promise<SessionFenceOutcome> {
    const key = `${node.nodeId}/${node.sessionId ?? ""}`;
    let once = this.sessions.get(key);
    if (!once) {
      const attempt = fenceOldSession(node);
      once = attempt;
      this.sessions.set(key, attempt);
      if (this.sessions.size > 1000) this.sessions.delete(this.sessions.keys().next().value!);
      void attempt.then((outcome) => {
        if (outcome === "ended") this.logger.warn("ended the dead node's paused Lavalink session", { nodeId: node.nodeId });
        else if (this.sessions.get(key) === attempt) this.sessions.delete(key);
      });
    }
    return once;
  }
}
