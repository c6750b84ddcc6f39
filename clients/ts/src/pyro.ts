/**
 * `createPyro`: the bot-level API. Players and queues by guild, search that leaves URLs alone,
 * and a typed event emitter fed by one resumable event stream:
 *
 *   const pyro = createPyro({ address: "127.0.0.1:50051" });
 *   pyro.on("trackStart", (e) => { if (!e.replay) post(e.guildId, `Now playing ${e.track?.info?.title}`); });
 *   await pyro.player(guildId).play("never gonna give you up");
 *
 * Listeners are global, or per guild with `pyro.onGuild(guildId, "trackStart", fn)`. The stream
 * starts with the first listener (or `connect()`), reconnects with jittered backoff, resumes from
 * the last event per guild, and reports `disconnected`, `reconnecting` and `reconnected`.
 */
import { EventEmitter } from "node:events";
import { createPyroClient, type CallOptions, type PyroClient, type PyroClientOptions } from "./pyro-client";
import { eventPayload, type EventKind, type EventPayload, type PyroEventMap } from "./pyro-events";
import { Player } from "./player";
import { toIdentifier, toSearchResult, type SearchResult } from "./search";
import { fromServiceError } from "./errors";

/** Options of `createPyro`. */
export interface PyroOptions extends PyroClientOptions {
  /** Router address, host:port. Default 127.0.0.1:50051. */
  address?: string;
  /** Default search source for plain-text queries (youtube, youtubemusic, soundcloud, or a prefix). Default youtube. */
  source?: string;
  /** Guilds whose events to receive; default every guild. */
  guildIds?: string[];
  /** Leave out playerUpdate events (default true: they arrive every few seconds per player). */
  excludePlayerUpdates?: boolean;
  /** An existing raw client to use instead of opening one. */
  client?: PyroClient;
}

/** The bot-level client. */
export class PyroBot extends EventEmitter<PyroEventMap> {
  /** The raw client (Partial inputs, generated responses). */
  readonly client: PyroClient;
  private readonly players = new Map<string, Player>();
  private readonly guildEmitters = new Map<string, EventEmitter>();
  private stream: AbortController | undefined;
  private done: Promise<void> | undefined;

  constructor(private readonly o: PyroOptions = {}) {
    super();
    this.client = o.client ?? createPyroClient(o.address ?? "127.0.0.1:50051", o);
    (this as EventEmitter).on("newListener", (name: string) => {
      if (name !== "newListener" && name !== "removeListener") this.connect();
    });
  }

  /** The player of `guildId` (created on the Router by its first play or update). */
  player(guildId: string): Player {
    let p = this.players.get(guildId);
    if (!p) this.players.set(guildId, (p = new Player(this.client, guildId, this.o.source)));
    return p;
  }

  /** Loads `query`: a URL or identifier with a scheme as given, plain text searched on `source`. */
  async search(query: string, opts: CallOptions & { source?: string } = {}): Promise<SearchResult> {
    return toSearchResult(await this.client.loadTracks({ identifier: toIdentifier(query, opts.source ?? this.o.source) }, opts));
  }

  /** Listens to event `name` of one guild only. Returns a function that removes the listener. */
  onGuild<K extends EventKind>(guildId: string, name: K, listener: (e: EventPayload<K>) => void): () => void {
    let em = this.guildEmitters.get(guildId);
    if (!em) this.guildEmitters.set(guildId, (em = new EventEmitter()));
    em.on(name, listener as (e: unknown) => void);
    this.connect();
    return () => void em.off(name, listener as (e: unknown) => void);
  }

  /** Opens the event stream if it is not open (idempotent). */
  connect(): void {
    if (this.stream) return;
    const ac = (this.stream = new AbortController());
    const watch = this.client.watch(
      { guildIds: this.o.guildIds ?? [], excludePlayerUpdates: this.o.excludePlayerUpdates ?? true },
      {
        signal: ac.signal,
        onState: (s) => {
          if (s.state === "disconnected") this.emit("disconnected", s.error);
          else if (s.state === "reconnecting") this.emit("reconnecting", { attempt: s.attempt, delayMs: s.delayMs });
          else this.emit("reconnected", { resumedGuilds: s.resumedGuilds });
        },
      },
    );
    this.done = (async () => {
      try {
        for await (const event of watch) {
          const payload = eventPayload(event);
          if (!payload) continue;
          this.safeEmit(() => this.emit(payload.kind, payload as never));
          this.safeEmit(() => this.guildEmitters.get(payload.guildId)?.emit(payload.kind, payload));
        }
      } catch (err) {
        if (this.listenerCount("error") > 0) this.emit("error", fromServiceError(err));
      }
    })();
  }

  /** A listener that throws must not end the stream (nor crash the bot): it is reported as `error`. */
  private safeEmit(fn: () => unknown): void {
    try {
      fn();
    } catch (err) {
      if (this.listenerCount("error") > 0) this.emit("error", err as Error);
    }
  }

  /** Stops the event stream and closes the channel. */
  async close(): Promise<void> {
    this.stream?.abort();
    await this.done;
    if (!this.o.client) this.client.close();
  }
}

/** Creates the bot-level client. */
export function createPyro(o: PyroOptions = {}): PyroBot {
  return new PyroBot(o);
}
