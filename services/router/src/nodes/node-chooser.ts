/**
 * Chooses a node for a player: builds placement snapshots from the node directory (plus the
 * placements this Router made recently that the nodes have not reported yet) and runs the
 * placement engine.
 */
import { placePlayer, rejectMissingCapability, type NodeSnapshot, type PlacementNeeds, type PlacementResult } from "../placement";
import { NoNodeAvailableError } from "../errors";
import type { NodeDirectory } from "./node-directory";
import { trace } from "@opentelemetry/api";
import { PendingWindow } from "./pending-window";

const tracer = trace.getTracer("pyro-router");

/** Called after every placement decision with its duration in seconds (a metric). */
export type PlacementObserver = (seconds: number, outcome: "chosen" | "no_node") => void;

/** How long a placement counts as "pending" on its node (about one Lavalink stats interval). */
const PENDING_WINDOW_MS = 60000;

/** Placement over the live directory. */
export class NodeChooser {
  private readonly recent: PendingWindow;

  constructor(private readonly directory: NodeDirectory, private readonly seed: number, now: () => number = Date.now, private readonly observe?: PlacementObserver) {
    this.recent = new PendingWindow(PENDING_WINDOW_MS, now);
  }

  private pending(nodeId: string): number {
    return this.recent.count(nodeId);
  }

  /** Snapshots of every known node as placement sees them. */
  snapshots(): NodeSnapshot[] {
    return this.directory.list().map((n) => {
      const st = n.record.stats;
      return {
        nodeId: n.record.nodeId,
        region: n.record.region,
        capacity: n.record.capacity,
        state: n.record.state,
        alive: this.directory.usable(n),
        players: st?.players ?? 0,
        pending: this.pending(n.record.nodeId),
        stats: st ? { players: st.players, playingPlayers: st.playingPlayers, cpu: st.cpu, frameStats: st.frameStats ?? null } : undefined,
        capabilities: n.record.capabilities ? { sources: n.record.capabilities.sourceManagers, filters: n.record.capabilities.filters } : undefined,
      };
    });
  }

  /** Why `nodeId` cannot host a player with `needs` (e.g. "Lavalink lacks source segments"), or undefined when it can. */
  lacks(nodeId: string, needs: PlacementNeeds): string | undefined {
    const node = this.snapshots().find((n) => n.nodeId === nodeId);
    return node ? rejectMissingCapability(node, { guildId: "0", needs })?.detail : undefined;
  }

  /** Explains a placement without making it. */
  explain(guildId: string, voiceEndpoint?: string, exclude: string[] = [], region?: string, needs?: PlacementNeeds): PlacementResult {
    return placePlayer(this.snapshots(), { guildId, voiceEndpoint, exclude, region, needs }, { seed: this.seed });
  }

  /**
   * Picks a node and counts it as pending at once, so concurrent placements see each other. A
   * caller that then finds it placed nothing (the player already existed) calls {@link cancelPending}.
   * @throws NoNodeAvailableError listing every node's rejection.
   */
  choose(guildId: string, voiceEndpoint?: string, exclude: string[] = [], preferNodeId?: string, needs?: PlacementNeeds): string {
    return tracer.startActiveSpan("pyro.placement", (span) => {
      const started = process.hrtime.bigint();
      try {
        const result = placePlayer(this.snapshots(), { guildId, voiceEndpoint, exclude, preferNodeId, needs }, { seed: this.seed });
        span.setAttributes({ "pyro.guild_id": guildId, "pyro.placement.chosen": result.chosen ?? "", "pyro.placement.rejections": result.rejections.length });
        this.observe?.(Number(process.hrtime.bigint() - started) / 1e9, result.chosen ? "chosen" : "no_node");
        if (!result.chosen) throw new NoNodeAvailableError(guildId, result.rejections.map((r) => `${r.nodeId}: ${r.reason}${r.reason === "missing_capability" ? ` (${r.detail})` : ""}`));
        this.recent.add(result.chosen);
        return result.chosen;
      } finally {
        span.end();
      }
    });
  }

  /** Takes back the most recent pending placement counted on `nodeId` by {@link choose} (nothing was placed). */
  cancelPending(nodeId: string): void {
    this.recent.removeLatest(nodeId);
  }
}
