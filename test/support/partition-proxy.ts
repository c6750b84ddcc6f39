/**
 * A TCP proxy that can partition its link without closing anything: `cut()` stops forwarding in
 * both directions and holds every connection open (the proxy stops reading, so the kernel buffers
 * fill and the sender's writes stall, as behind a blackholed route); connections made while cut are
 * accepted and held until `heal()`. `heal()` resumes forwarding, so bytes sent during the cut
 * arrive late, as TCP retransmission delivers them once a route is back. Nothing is refused or
 * reset: to the endpoints a cut looks like silence, not like a closed peer.
 */
import { connect, createServer, type Server, type Socket } from "node:net";

/** A running proxy. */
export interface PartitionProxy {
  /** The port the proxy listens on (127.0.0.1). */
  port: number;
  /** Stops forwarding; connections stay open. */
  cut(): void;
  /** Forwards again (held data and held connections go through). */
  heal(): void;
  readonly isCut: boolean;
  /** Closes every connection and the listener. */
  close(): Promise<void>;
}

/** Starts a proxy from `listenPort` (0: any) on 127.0.0.1 to 127.0.0.1:`targetPort`. */
export async function startPartitionProxy(targetPort: number, listenPort = 0): Promise<PartitionProxy> {
  const sockets = new Set<Socket>();
  const pairs = new Set<[Socket, Socket | undefined]>();
  const held: Array<() => void> = [];
  let cut = false;
  const track = (s: Socket): void => {
    sockets.add(s);
    s.on("error", () => undefined);
    s.once("close", () => sockets.delete(s));
  };
  const link = (client: Socket): void => {
    const upstream = connect(targetPort, "127.0.0.1");
    track(upstream);
    const pair: [Socket, Socket | undefined] = [client, upstream];
    pairs.add(pair);
    upstream.once("close", () => { pairs.delete(pair); client.destroy(); });
    client.once("close", () => { pairs.delete(pair); upstream.destroy(); });
    client.pipe(upstream);
    upstream.pipe(client);
    if (cut) { client.pause(); upstream.pause(); }
  };
  const server: Server = createServer((client) => {
    track(client);
    if (!cut) return link(client);
    client.pause();
    held.push(() => link(client));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(listenPort, "127.0.0.1", () => resolve());
  });
  return {
    port: (server.address() as { port: number }).port,
    get isCut() {
      return cut;
    },
    cut() {
      cut = true;
      // unpipe stops pipe() from resuming a paused source when the destination drains.
      for (const [a, b] of pairs) { a.unpipe(); b?.unpipe(); a.pause(); b?.pause(); }
    },
    heal() {
      cut = false;
      for (const [a, b] of pairs) {
        if (b) { a.pipe(b); b.pipe(a); }
        a.resume(); b?.resume();
      }
      for (const go of held.splice(0)) go();
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
