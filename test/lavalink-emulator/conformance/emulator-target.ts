/** The in-process emulator as a conformance target. */
import type { Emulator } from "../emulator";
import type { ConformanceTarget } from "./target";

/** Wraps a started emulator; `close` closes it. */
export function emulatorTarget(emu: Emulator, password: string): ConformanceTarget {
  return {
    host: "127.0.0.1",
    port: emu.port,
    password,
    async session() {
      return emu.sessions()[0];
    },
    async player(sessionId, guildId) {
      return emu.player(sessionId, guildId);
    },
    async counters() {
      const c = emu.counters;
      return { trackStarts: c.trackStarts, trackStartsByGuild: Object.fromEntries(c.trackStartsByGuild), playersDestroyed: c.playersDestroyed, sessionsResumed: c.sessionsResumed };
    },
    async dropWebSocket() {
      emu.control.dropWebSocket();
    },
    reconnect: { tries: 3, intervalMs: 50 },
    close: () => emu.close(),
  };
}
