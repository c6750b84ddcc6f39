/**
 * A free TCP port for a process that must be started (or restarted) on a port chosen in advance.
 *
 * Picking a port by binding 0 and releasing it races with every other process that binds 0: the
 * OS may hand the same ephemeral port to the next one (an emulator, a Lavanode) before ours binds
 * it. Ports below the ephemeral range (Linux: 32768–60999) are never handed out for port 0, so a
 * free one there stays ours unless someone asks for it by number.
 */
import { createServer } from "node:net";

const LOW = 20000;
const HIGH = 32000;

function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once("error", () => resolve(false));
    s.listen(port, "127.0.0.1", () => s.close(() => resolve(true)));
  });
}

/** Ports this process handed out already: never handed out twice, though not bound yet. */
const handedOut = new Set<number>();

/** A port in [20000, 32000) that is free now and not handed out before by this process. @throws after 200 busy candidates. */
export async function stablePort(): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const port = LOW + Math.floor(Math.random() * (HIGH - LOW));
    if (handedOut.has(port)) continue;
    if (await canBind(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`no free port in ${LOW}..${HIGH}`);
}
