// Polling helpers with deadlines for the Lavalink client integration tests (no fixed sleeps).
import type { LavalinkSession, LavalinkSessionEvents } from "../../../services/lavanode/src/lavalink";

/** Polls `check` every `intervalMs` until it returns a truthy value or `timeoutMs` elapses. */
export async function waitFor<T>(what: string, check: () => T | Promise<T>, timeoutMs = 10000, intervalMs = 20): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * Resolves with the arguments of the next `event` emitted by `session` that satisfies `accept`.
 * Call it BEFORE triggering the action, then await it.
 */
export function nextEvent<K extends keyof LavalinkSessionEvents>(
  session: LavalinkSession,
  event: K,
  accept: (...args: LavalinkSessionEvents[K]) => boolean = () => true,
  timeoutMs = 10000,
): Promise<LavalinkSessionEvents[K]> {
  return new Promise((resolve, reject) => {
    const emitter = session as unknown as NodeJS.EventEmitter;
    const timer = setTimeout(() => {
      emitter.off(event, listener);
      reject(new Error(`timed out after ${timeoutMs} ms waiting for session event ${String(event)}`));
    }, timeoutMs);
    const listener = (...args: unknown[]): void => {
      if (!accept(...(args as LavalinkSessionEvents[K]))) return;
      clearTimeout(timer);
      emitter.off(event, listener);
      resolve(args as LavalinkSessionEvents[K]);
    };
    emitter.on(event, listener);
  });
}

/** A complete voice state the emulator's simulated voice accepts. */
export const VOICE = { token: "token", endpoint: "us-east1.discord.media:443", sessionId: "voice-session", channelId: "1096128419530412122" };
