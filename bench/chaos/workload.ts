/**
 * The client side of a chaos run: keeps issuing player commands (volume) and queue edits through
 * random Routers, and keeps a model of what was acknowledged. An outcome that may or may not have
 * been applied (the Router died mid-call, UNAVAILABLE, deadline) is recorded as uncertain for
 * volumes and reconciled through the queue's version for queue edits, so the final check can
 * tell "acknowledged and then lost" apart from "never acknowledged".
 */
import { status } from "@grpc/grpc-js";
import { delay } from "../../services/common/src/abort";
import { PyroClientError, type PyroClient } from "../../clients/ts/src";
import type { Rng } from "./rng";

/** What the client believes about one player. */
export interface VolumeModel {
  acked: number;
  /** Values sent after the last acknowledgement whose outcome is unknown. */
  uncertain: Set<number>;
}

/** What the client believes about one queue. */
export interface QueueModel {
  version: number;
  markers: string[];
}

/** Counters of a run. */
export interface WorkloadStats {
  issued: number;
  acked: number;
  rejected: number;
  uncertain: number;
  /** Model inconsistencies found while running (a queue version the model cannot explain). */
  violations: string[];
}

const DEFINITE = new Set([status.INVALID_ARGUMENT, status.NOT_FOUND, status.FAILED_PRECONDITION, status.ALREADY_EXISTS]);

/** Runs the workload until `signal` aborts. */
export async function runWorkload(o: {
  clients: PyroClient[]; rng: Rng; signal: AbortSignal; track: string;
  volumes: Map<string, VolumeModel>; queues: Map<string, QueueModel>; stats: WorkloadStats;
}): Promise<void> {
  const { rng, stats } = o;
  const client = (): PyroClient => rng.pick(o.clients);
  let marker = 0;

  const reconcileQueue = async (guildId: string, model: QueueModel, apply: () => void): Promise<void> => {
    for (let attempt = 0; attempt < 200; attempt++) {
      try {
        const q = await client().getQueue({ guildId, offset: 0, limit: 1000, historyLimit: 0 });
        const v = Number(q.version);
        if (v === model.version + 1) apply();
        else if (v !== model.version) stats.violations.push(`queue ${guildId}: version ${v}, model ${model.version}`);
        return;
      } catch {
        await delay(100);
      }
    }
    stats.violations.push(`queue ${guildId}: could not reconcile`);
  };

  while (!o.signal.aborted) {
    stats.issued++;
    if (rng.next() < 0.7) {
      const guildId = rng.pick([...o.volumes.keys()]);
      const m = o.volumes.get(guildId)!;
      const volume = rng.int(1, 1000);
      try {
        await client().updatePlayer({ guildId, volume, noReplace: false });
        m.acked = volume;
        m.uncertain.clear();
        stats.acked++;
      } catch (err) {
        if (err instanceof PyroClientError && DEFINITE.has(err.code)) stats.rejected++;
        else { m.uncertain.add(volume); stats.uncertain++; }
      }
    } else {
      const guildId = rng.pick([...o.queues.keys()]);
      const m = o.queues.get(guildId)!;
      const op = m.markers.length === 0 || rng.next() < 0.5 ? "add" : rng.next() < 0.5 ? "remove" : "move";
      const index = rng.int(0, m.markers.length);
      const mk = `m${marker++}`;
      const apply = (): void => {
        if (op === "add") m.markers.splice(index, 0, mk);
        else if (op === "remove") m.markers.splice(Math.min(index, m.markers.length - 1), 1);
        else {
          const [it] = m.markers.splice(Math.min(index, m.markers.length - 1), 1);
          m.markers.splice(0, 0, it!);
        }
        m.version++;
      };
      try {
        const expectedVersion = BigInt(m.version);
        if (op === "add") await client().enqueue({ guildId, tracks: [{ source: { $case: "encodedTrack", value: o.track }, userData: { marker: mk } }], index, expectedVersion, playIfIdle: false });
        else if (op === "remove") await client().removeFromQueue({ guildId, target: { $case: "index", value: Math.min(index, m.markers.length - 1) }, expectedVersion });
        else await client().moveInQueue({ guildId, fromIndex: Math.min(index, m.markers.length - 1), toIndex: 0, expectedVersion });
        apply();
        stats.acked++;
      } catch (err) {
        if (err instanceof PyroClientError && DEFINITE.has(err.code)) stats.rejected++;
        else { stats.uncertain++; await reconcileQueue(guildId, m, apply); }
      }
    }
    await delay(rng.int(20, 80)).catch(() => undefined);
  }
}
