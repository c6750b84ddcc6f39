/**
 * What a Lavanode does with its Lavalink's deviations from the protocol: a tolerated deviation is
 * logged once per kind (this node's Lavalink is the only server it reads) and counted in
 * `pyro_lavalink_deviations_total{kind}`; a refusal (a payload Pyro would act on wrongly) is logged
 * at every occurrence at warn and counted in `pyro_lavalink_refusals_total{source}`. Neither carries
 * values, only field paths and JSON type names, so no secret reaches a log or a metric.
 */
import { pyroMeter } from "../../../common/src/telemetry/pyro-meter";
import type { Logger } from "../../../common/src/logger";
import type { LavalinkProtocolError } from "../../../common/src/lavalink-protocol/errors";
import type { DeviationKind, OnDeviation } from "../../../common/src/lavalink-protocol/tolerance";

/** Where a refused payload came from. */
export type RefusalSource = "frame" | "rest";

/** The reporter of one node. */
export interface DeviationReporter {
  /** Callback for the tolerant readers. */
  onDeviation: OnDeviation;
  /** Records a refused payload. */
  refused(source: RefusalSource, error: LavalinkProtocolError): void;
  /** Deviation kinds seen so far (each warned once). */
  readonly seen: ReadonlySet<DeviationKind>;
  /** Refusals counted so far. */
  readonly refusals: number;
}

/** Creates the reporter for node `nodeId`. */
export function createDeviationReporter(nodeId: string, logger: Logger): DeviationReporter {
  const meter = pyroMeter();
  const deviations = meter.createCounter("pyro_lavalink_deviations_total", { description: "Tolerated deviations of the Lavalink server from the v4 protocol, by kind" });
  const refusalCounter = meter.createCounter("pyro_lavalink_refusals_total", { description: "Lavalink payloads refused as unreadable, by source (frame, rest)" });
  const seen = new Set<DeviationKind>();
  let refusals = 0;
  return {
    seen,
    get refusals() { return refusals; },
    onDeviation(d) {
      deviations.add(1, { node: nodeId, kind: d.kind });
      if (seen.has(d.kind)) return;
      seen.add(d.kind);
      logger.warn("Lavalink deviates from the v4 protocol; tolerated (warned once per kind)", { nodeId, kind: d.kind, path: d.path, found: d.found });
    },
    refused(source, error) {
      refusals++;
      refusalCounter.add(1, { node: nodeId, source });
      logger.warn(source === "frame" ? "malformed Lavalink frame dropped" : "unreadable Lavalink answer refused", { nodeId, path: error.path, err: error.message });
    },
  };
}
