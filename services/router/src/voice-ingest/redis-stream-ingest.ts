/**
 * Pulls gateway voice packets from a Redis stream. Every Router reads with XREADGROUP in the same
 * consumer group (its consumer name is its router id), so each entry goes to one Router; an entry is
 * acknowledged (XACK) once handled. Entries a Router holds without acknowledging (it died, or the
 * voice service failed) are taken over with XAUTOCLAIM once idle for the URL's `claimIdleMs`, by any Router,
 * and retried; after `maxAttempts` failed tries on one Router an entry is acknowledged and dropped.
 * A live Router keeps the entries it is still handling from looking idle (heartbeat: XCLAIM to
 * itself), so a slow entry is not claimed away from it. So an entry is handled exactly once unless
 * a Router dies (or stalls for longer than claimIdleMs) between applying and acknowledging it; then
 * it is applied twice, which voice handling tolerates (halves merge idempotently).
 *
 * An entry carries the dispatch's JSON text in field `packet` and optionally the bot's user id in
 * field `bot`. The stream is trimmed (XTRIM MINID) below the oldest entry any group still needs:
 * its oldest pending entry, or the first one it has not been given yet.
 */
import Redis from "ioredis";
import { delay } from "../../../common/src/abort";
import type { Logger } from "../../../common/src/logger";
import type { IngestHandler } from "./ingest-handler";
import type { IngestTarget } from "./ingest-url";

type StreamEntry = [id: string, fields: string[]];

/** Tunables of a stream source; defaults suit production. */
export interface RedisStreamIngestOptions {
  /** Entries read per XREADGROUP (default 500). */
  batch?: number;
  /** How long XREADGROUP blocks waiting for entries, ms (default 1000). */
  blockMs?: number;
  /** Interval of the claim and trim passes, ms (default: half the URL's claimIdleMs, at most 5000). */
  maintenanceMs?: number;
  /** Failed tries on one Router before an entry is dropped (default 5). */
  maxAttempts?: number;
  /** Entries handled at once on this Router before reading pauses (default 4 batches). */
  maxInFlight?: number;
}

/** A running stream source. */
export class RedisStreamIngest {
  private readonly reader: Redis;
  private readonly writer: Redis;
  private readonly lifetime = new AbortController();
  private readonly attempts = new Map<string, number>();
  /** Entries being handled here now: a claim pass must not hand them to this Router a second time. */
  private readonly inFlight = new Set<string>();
  private readonly o: Required<RedisStreamIngestOptions>;
  private loops: Promise<void>[] = [];
  /** Batches being handled, with their sizes; `drained` wakes the reader when the window frees. */
  private readonly batches = new Map<Promise<void>, number>();
  private inFlightCount = 0;
  private acks: string[] = [];
  private ackFlush: Promise<void> | undefined;
  private drained: (() => void) | undefined;

  constructor(
    private readonly target: Extract<IngestTarget, { kind: "redis-stream" }>,
    private readonly consumer: string,
    private readonly handler: IngestHandler,
    private readonly logger: Logger,
    options: RedisStreamIngestOptions = {},
    /** The Router's lifetime, passed to the handling of every entry. */
    private readonly signal?: AbortSignal,
  ) {
    this.o = { batch: 500, blockMs: 1000, maintenanceMs: Math.min(5000, target.claimIdleMs / 2), maxAttempts: 5, maxInFlight: 2000, ...options };
    this.reader = new Redis(target.redisUrl, { lazyConnect: true, maxRetriesPerRequest: null });
    this.writer = new Redis(target.redisUrl, { lazyConnect: true, enableAutoPipelining: true });
    for (const c of [this.reader, this.writer]) c.on("error", (err: Error) => this.logger.debug("voice ingest redis error", { source: target.display, err: err.message }));
  }

  /** Starts reading. Resolves once the consumer group exists (created at the stream's end if new). */
  async start(): Promise<void> {
    await Promise.all([this.reader.connect(), this.writer.connect()]);
    await this.ensureGroup();
    const signal = this.lifetime.signal;
    this.loops = [this.readLoop(signal), this.maintenanceLoop(signal)];
    this.logger.info("voice ingest reading", { source: this.target.display, consumer: this.consumer });
  }

  /** Stops reading; entries being handled are finished and acknowledged first. */
  async stop(): Promise<void> {
    this.lifetime.abort();
    this.reader.disconnect();
    await Promise.all(this.loops);
    await Promise.all(this.batches.keys());
    await this.writer.quit().catch(() => this.writer.disconnect());
  }

  private async ensureGroup(): Promise<void> {
    await this.writer.xgroup("CREATE", this.target.streamKey, this.target.group, "$", "MKSTREAM").catch((err: Error) => {
      if (!err.message.startsWith("BUSYGROUP")) throw err;
    });
  }

  private async readLoop(signal: AbortSignal): Promise<void> {
    // First this consumer's own entries left pending by an earlier run under the same id, then new ones.
    let from = "0";
    let failures = 0;
    while (!signal.aborted) {
      try {
        const reply = (await this.reader.xreadgroup("GROUP", this.target.group, this.consumer, "COUNT", this.o.batch,
          "BLOCK", this.o.blockMs, "STREAMS", this.target.streamKey, from)) as Array<[string, StreamEntry[]]> | null;
        const entries = reply?.[0]?.[1] ?? [];
        // Reading history (an id, not ">"): page on from the last entry; an empty page ends it.
        if (from !== ">") from = entries.length === 0 ? ">" : entries.at(-1)![0];
        // Handling is not awaited here: the next read overlaps it (a batch would otherwise wait for
        // its slowest entry, a placement), bounded by `maxInFlight` entries. Handling starts in
        // stream order, so each guild's packets still apply in order.
        this.track(this.process(entries), entries.length);
        await this.belowWindow(signal);
        failures = 0;
      } catch (err) {
        if (signal.aborted) return;
        if ((err as Error).message.startsWith("NOGROUP")) await this.ensureGroup().catch(() => undefined);
        if (failures++ === 0) this.logger.warn("voice ingest read failed; retrying", { source: this.target.display, err: (err as Error).message });
        await delay(Math.min(5000, 100 * 2 ** Math.min(failures, 6)), { signal }).catch(() => undefined);
      }
    }
  }

  private track(batch: Promise<void>, size: number): void {
    this.inFlightCount += size;
    this.batches.set(batch, size);
    void batch.catch((err: Error) => this.logger.debug("voice ingest batch failed", { source: this.target.display, err: err.message })).finally(() => {
      this.batches.delete(batch);
      this.inFlightCount -= size;
      this.drained?.();
    });
  }

  /** Resolves once fewer than maxInFlight entries are being handled (or on abort). */
  private async belowWindow(signal: AbortSignal): Promise<void> {
    while (this.inFlightCount >= this.o.maxInFlight && !signal.aborted) {
      await new Promise<void>((resolve) => (this.drained = resolve));
      this.drained = undefined;
    }
  }

  /**
   * Handles a batch (guilds concurrently, each guild in order), acknowledging each entry as soon as
   * it is done, so a slow entry does not keep fast ones unacknowledged (and claimable) behind it.
   */
  private async process(entries: StreamEntry[]): Promise<void> {
    await Promise.all(entries.map(async ([id, fields]) => {
      if (this.inFlight.has(id)) return;
      this.inFlight.add(id);
      try {
        const outcome = await this.handler.handle("redis-stream", field(fields, "packet"), field(fields, "bot"), this.signal);
        if (outcome === "failed") {
          const n = (this.attempts.get(id) ?? 0) + 1;
          this.attempts.set(id, n);
          if (n < this.o.maxAttempts) return;
        }
        this.attempts.delete(id);
        await this.ack(id);
      } finally {
        this.inFlight.delete(id);
      }
    }));
  }

  /** Acknowledges `id`; the acks of one event-loop turn go out as one XACK. */
  private ack(id: string): Promise<void> {
    this.acks.push(id);
    this.ackFlush ??= new Promise<void>((resolve, reject) => setImmediate(() => {
      const ids = this.acks.splice(0);
      this.ackFlush = undefined;
      this.writer.xack(this.target.streamKey, this.target.group, ...ids).then(() => resolve(), reject);
    }));
    return this.ackFlush;
  }

  private async maintenanceLoop(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      await delay(this.o.maintenanceMs, { signal }).catch(() => undefined);
      if (signal.aborted) return;
      try {
        await this.heartbeat();
        await this.claimIdle(signal);
        await this.trim();
      } catch (err) {
        this.logger.debug("voice ingest maintenance failed", { source: this.target.display, err: (err as Error).message });
      }
    }
  }

  /**
   * Resets the idle time of the entries this Router is still handling (XCLAIM to itself, JUSTID:
   * the delivery count is kept), so a slow entry of a live Router never looks abandoned to another.
   * Runs every maintenance pass, at most half of claimIdleMs apart.
   */
  private async heartbeat(): Promise<void> {
    const ids = [...this.inFlight];
    for (let i = 0; i < ids.length; i += 1000) {
      await this.writer.xclaim(this.target.streamKey, this.target.group, this.consumer, 0, ...ids.slice(i, i + 1000), "JUSTID");
    }
  }

  /**
   * XAUTOCLAIM every entry idle for claimIdleMs (a dead Router's, or our own failed ones) and hands
   * it to handling, which runs in the read window rather than blocking this pass (and the heartbeat).
   */
  private async claimIdle(signal: AbortSignal): Promise<void> {
    let cursor = "0-0";
    do {
      const [next, entries] = (await this.writer.xautoclaim(this.target.streamKey, this.target.group, this.consumer,
        this.target.claimIdleMs, cursor, "COUNT", this.o.batch)) as [string, Array<StreamEntry | null>, string[]?];
      const live = entries.filter((e): e is StreamEntry => e !== null);
      if (live.length > 0) this.track(this.process(live), live.length);
      cursor = next;
      // A full window ends the pass (the next one resumes): the heartbeat must not wait behind it.
    } while (cursor !== "0-0" && !signal.aborted && this.inFlightCount < this.o.maxInFlight);
  }

  /** Trims entries every group has acknowledged. */
  private async trim(): Promise<void> {
    const groups = (await this.writer.xinfo("GROUPS", this.target.streamKey)) as unknown[][];
    let min: string | undefined;
    for (const g of groups) {
      const info = new Map<string, unknown>();
      for (let i = 0; i + 1 < g.length; i += 2) info.set(String(g[i]), g[i + 1]);
      const name = String(info.get("name"));
      let keep = nextId(String(info.get("last-delivered-id")));
      if (Number(info.get("pending")) > 0) {
        const oldest = (await this.writer.xpending(this.target.streamKey, name, "-", "+", 1)) as Array<[string]>;
        if (oldest[0]) keep = oldest[0][0];
      }
      if (min === undefined || compareIds(keep, min) < 0) min = keep;
    }
    // Exact, not "~": the work is proportional to what is removed either way, and nothing acknowledged lingers.
    if (min !== undefined) await this.writer.xtrim(this.target.streamKey, "MINID", min);
  }
}

function field(fields: string[], name: string): string | undefined {
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === name) return fields[i + 1];
  return undefined;
}

function parseId(id: string): [bigint, bigint] {
  const [ms = "0", seq = "0"] = id.split("-");
  return [BigInt(ms), BigInt(seq)];
}

/** The smallest stream id after `id`. */
function nextId(id: string): string {
  const [ms, seq] = parseId(id);
  return `${ms}-${seq + 1n}`;
}

function compareIds(a: string, b: string): number {
  const [am, as] = parseId(a);
  const [bm, bs] = parseId(b);
  return am !== bm ? (am < bm ? -1 : 1) : as === bs ? 0 : as < bs ? -1 : 1;
}
