import type { QuirkProfile } from "./quirks";
import { createServer, IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { Duplex } from "node:stream";
import { MediaClock } from "./clock";
import { EmulatorContext } from "./context";
import { CONTROL_PREFIX, handleControl } from "./control-routes";
import { Counters, countTrackStart, createCounters } from "./counters";
import { FaultControl, FaultTarget, RawFrame } from "./faults";
import { checkAuth } from "./http-io";
import { JsonObject, stringifyJson } from "./json";
import { VoiceMode } from "./player";
import { createPluginSet } from "./plugins/plugin-set";
import { handleRest } from "./rest-router";
import { RoutePlanner } from "./route-planner";
import { Scheduler } from "./scheduler";
import { SessionSnapshot } from "./session";
import { SessionRegistry } from "./sessions";
import { TrackFaults } from "./track-faults";
import { WebSocketGateway } from "./websocket";

/** Options of `startEmulator`. */
export interface EmulatorOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Listen address (default `127.0.0.1`). */
  host?: string;
  /** Lavalink password (default `youshallnotpass`). */
  password?: string;
  /**
   * `simulated` (default): a PATCHed voice state "connects" (connected=true, ping 5) and audio is pulled, so
   * positions advance and tracks end `finished`; a player without a voice state behaves as in `no-voice`, like
   * a real node. `no-voice`: exactly Lavalink without Discord (connected=false, position 0, `cleanup` after 60 s).
   */
  voice?: VoiceMode;
  /** Period of WS `stats` frames in ms (default 60000; the first is sent immediately). */
  statsIntervalMs?: number;
  /** Period of `playerUpdate` frames in ms (default 5000). */
  playerUpdateIntervalMs?: number;
  /** Media clock speed multiplier (default 1). */
  clockSpeed?: number;
  /** Built-in filters to treat as disabled in config (PATCH naming them → 400). */
  disabledFilters?: string[];
  /** Simulated plugins to run (`lyrics`, `segment-skip`); none by default. Unknown names: RangeError. */
  plugins?: string[];
  /** Which server to behave like (quirks.ts); default `strict-lavalink`. */
  quirks?: QuirkProfile;
  /** Aborting closes the emulator. */
  signal?: AbortSignal;
}

interface Parked {
  run(): void;
}

/** An emulated Lavalink v4 node listening on one port (REST, WebSocket and `/_emulator/` control). */
export class Emulator implements FaultTarget {
  readonly url: string;
  readonly port: number;
  readonly password: string;
  readonly control: FaultControl;
  readonly counters: Counters;
  private readonly sockets = new Set<Socket>();
  private parked: Parked[] = [];
  private closed = false;

  /** @internal use `startEmulator`. */
  constructor(
    private readonly server: Server,
    private readonly ctx: EmulatorContext,
    private readonly gateway: WebSocketGateway,
    private readonly scheduler: Scheduler,
    private readonly host: string,
    trackFaults: TrackFaults,
  ) {
    this.port = (server.address() as AddressInfo).port;
    this.url = `http://${host.includes(":") ? `[${host}]` : host}:${this.port}`;
    this.password = ctx.password;
    this.counters = ctx.counters;
    this.control = new FaultControl(ctx, this, trackFaults);
    server.on("connection", (socket: Socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
    server.on("request", (req: IncomingMessage, res: ServerResponse) => this.onRequest(req, res));
    server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => this.onUpgrade(req, socket, head));
    scheduler.start();
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? "/", "http://emulator");
    const isControl = url.pathname.startsWith(CONTROL_PREFIX);
    if (this.control.frozen && !isControl) {
      this.parked.push({ run: () => this.onRequest(req, res) });
      return;
    }
    if (!checkAuth(req, res, this.ctx.password)) return;
    const work = isControl ? handleControl(this.control, req, res, url) : handleRest(this.ctx, req, res, url);
    work.catch(() => res.destroy());
  }

  private onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (this.control.frozen) {
      this.parked.push({ run: () => this.onUpgrade(req, socket, head) });
      return;
    }
    this.gateway.handleUpgrade(req, socket, head);
  }

  /** Summaries of every OPEN and PAUSED session. */
  sessions(): SessionSnapshot[] {
    return this.sessionSnapshots();
  }

  /** The Player object (as REST would return it) of a guild in an OPEN or PAUSED session, or undefined. */
  player(sessionId: string, guildId: string): JsonObject | undefined {
    const p = this.ctx.sessions.getAny(sessionId)?.players.get(guildId);
    return p ? (JSON.parse(stringifyJson(p.toJson())) as JsonObject) : undefined;
  }

  /** @internal FaultTarget */
  sessionSnapshots(): SessionSnapshot[] {
    return this.ctx.sessions.all().map((s) => s.snapshot());
  }

  /** @internal FaultTarget */
  playersJson(): Record<string, unknown[]> {
    const out: Record<string, unknown[]> = {};
    for (const s of this.ctx.sessions.all()) out[s.id] = JSON.parse(stringifyJson([...s.players.values()].map((p) => p.toJson())));
    return out;
  }

  /** @internal FaultTarget */
  async kill(): Promise<void> {
    this.scheduler.stop();
    const closing = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.parked = [];
    for (const socket of this.sockets) socket.destroy();
    this.ctx.sessions.destroyAll();
    await closing;
  }

  /** @internal FaultTarget */
  async revive(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const onError = (e: Error): void => reject(e);
      this.server.once("error", onError);
      this.server.listen(this.port, this.host, () => {
        this.server.off("error", onError);
        resolve();
      });
    });
    this.ctx.startedAtMs = Date.now();
    this.scheduler.start();
  }

  /** @internal FaultTarget */
  freeze(): void {
    this.gateway.setReading(false);
    this.scheduler.setPaused(true);
  }

  /** @internal FaultTarget */
  unfreeze(): void {
    this.gateway.setReading(true);
    this.scheduler.setPaused(false);
    const parked = this.parked;
    this.parked = [];
    for (const p of parked) p.run();
  }

  /** @internal FaultTarget */
  sendRawFrames(frames: readonly RawFrame[], sessionId?: string): number {
    const targets = sessionId === undefined ? this.ctx.sessions.all() : [this.ctx.sessions.getLive(sessionId)];
    let reached = 0;
    for (const session of targets) {
      if (!session || session.state !== "open" || !session.ws) continue;
      for (const frame of frames) session.sendRaw(frame);
      reached++;
    }
    return reached;
  }

  /** @internal FaultTarget */
  dropWebSockets(): void {
    this.gateway.dropAll();
  }

  /**
   * Shuts down like a real node: sockets closed with 1001, then the listener and all state. Idempotent.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.control.dispose();
    this.scheduler.stop();
    const sockets = this.gateway.sockets();
    this.gateway.closeAll(1001, "Shutting down");
    // Give close frames a moment to reach clients before tearing the sockets down.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(sockets.map((ws) => new Promise((resolve) => (ws.readyState === 3 ? resolve(null) : ws.once("close", resolve))))),
      new Promise((resolve) => (timer = setTimeout(resolve, 500))),
    ]);
    clearTimeout(timer);
    this.ctx.sessions.destroyAll();
    const closing = new Promise<void>((resolve) => (this.server.listening ? this.server.close(() => resolve()) : resolve()));
    for (const socket of this.sockets) socket.destroy();
    this.parked = [];
    await closing;
  }
}

function positive(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (!Number.isFinite(v) || v <= 0) throw new RangeError(`${name} must be a positive number, got ${value}`);
  return v;
}

/**
 * Starts an emulator and resolves once it listens. Throws RangeError for invalid options and rejects when
 * the port cannot be bound.
 */
export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const voice = opts.voice ?? "simulated";
  if (voice !== "simulated" && voice !== "no-voice") throw new RangeError(`voice must be simulated or no-voice, got ${String(voice)}`);
  const statsIntervalMs = positive("statsIntervalMs", opts.statsIntervalMs, 60000);
  const playerUpdateIntervalMs = positive("playerUpdateIntervalMs", opts.playerUpdateIntervalMs, 5000);
  const clock = new MediaClock(positive("clockSpeed", opts.clockSpeed, 1));
  const host = opts.host ?? "127.0.0.1";
  const counters = createCounters();
  const trackFaults = new TrackFaults();
  const sessions = new SessionRegistry(
    {
      clock, voiceMode: voice, playerUpdateIntervalMs,
      faultFor: (fields) => trackFaults.lookup(fields),
      onTrackStart: (guildId, fields) => countTrackStart(counters, guildId, fields),
      onPlayerCreated: () => void counters.playersCreated++,
      onPlayerDestroyed: () => void counters.playersDestroyed++,
    },
    () => void counters.sessionsResumed++,
  );
  const ctx: EmulatorContext = {
    password: opts.password ?? "youshallnotpass",
    sessions, clock, counters,
    routePlanner: new RoutePlanner(),
    disabledFilters: new Set(opts.disabledFilters ?? []),
    plugins: createPluginSet(opts.plugins ?? []),
    startedAtMs: Date.now(),
    statsOverrides: {},
    restFailures: { remaining: 0, status: 500 },
    quirks: opts.quirks ?? "strict-lavalink",
  };
  const scheduler = new Scheduler(ctx, { statsIntervalMs, playerUpdateIntervalMs });
  const gateway = new WebSocketGateway(ctx, (session) => scheduler.startStats(session));
  const server = createServer({ keepAliveTimeout: 60000 });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const emulator = new Emulator(server, ctx, gateway, scheduler, host, trackFaults);
  if (opts.signal) {
    if (opts.signal.aborted) await emulator.close();
    else opts.signal.addEventListener("abort", () => void emulator.close(), { once: true });
  }
  return emulator;
}
