/**
 * A TCP relay in front of a restartable server, as a load balancer or a socket-activated service
 * would be: it accepts at once and connects to the backend, retrying until it listens (or a
 * deadline), so a client's connection made while the backend restarts succeeds late instead of
 * being refused. Needed for shoukaku 4.3.0, which treats any failed reconnect attempt as fatal even
 * when a later attempt succeeds (its `connectError` is never reset), so it can only resume through
 * its first reconnect attempt.
 */
import { connect, createServer, type Server, type Socket } from "node:net";

/** A running relay. */
export interface TcpRelay {
  port: number;
  close(): Promise<void>;
}

/** Starts a relay on 127.0.0.1 to `backendPort`; each connection waits up to `connectTimeoutMs` for the backend. */
export async function startTcpRelay(backendPort: number, connectTimeoutMs = 30000): Promise<TcpRelay> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.pause();
    const deadline = Date.now() + connectTimeoutMs;
    let done = false;
    client.once("close", () => {
      done = true;
      sockets.delete(client);
    });
    client.on("error", () => undefined);
    const attempt = (): void => {
      if (done) return;
      const upstream = connect(backendPort, "127.0.0.1");
      upstream.once("connect", () => {
        sockets.add(upstream);
        upstream.once("close", () => sockets.delete(upstream));
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
        upstream.on("error", () => client.destroy());
        client.on("close", () => upstream.destroy());
        upstream.on("close", () => client.destroy());
      });
      upstream.once("error", () => {
        if (!upstream.readyState.includes("open") && Date.now() < deadline) setTimeout(attempt, 50);
        else client.destroy();
      });
    };
    attempt();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  return {
    port: (server.address() as { port: number }).port,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
