/**
 * Emulated Lavalink servers for `make run` with no Lavalink configured.
 *
 * The emulator lives in `test/lavalink-emulator/`, and `services/` never imports from `test/` (a
 * type mistake must not be mirrored on both sides of a test). So it is loaded here, and only here,
 * with a runtime `require` of its path, and typed by the narrow interface below rather than by the
 * emulator's own types. Nothing else in `services/` reaches it.
 */
import { join } from "node:path";
import type { LavalinkSpec } from "./lavalink-spec";

/** The part of the emulator standalone mode uses. */
interface EmulatorHandle {
  url: string;
  close(): Promise<void>;
}

interface EmulatorModule {
  startEmulator(options: {
    port: number; host: string; password: string; voice: "simulated"; statsIntervalMs: number; playerUpdateIntervalMs: number; plugins: string[];
  }): Promise<EmulatorHandle>;
}

/**
 * Path of the emulator's entry, relative to this file, without an extension: `index.ts` when run
 * from source, `index.js` in the compiled build (`npm run build` compiles the emulator too).
 */
export const EMULATOR_ENTRY = join(__dirname, "../../../test/lavalink-emulator/index");

/** Running emulated servers and the specs pointing at them. */
export interface EmulatedLavalinks {
  specs: LavalinkSpec[];
  close(): Promise<void>;
}

/** The emulator's simulated plugins every emulated server runs, so plugin calls can be tried out. */
export const EMULATED_PLUGINS: readonly string[] = ["lyrics", "segment-skip", "echo-filter"];

/**
 * Starts `count` in-process emulated Lavalink v4 servers on free 127.0.0.1 ports (simulated voice:
 * a player with voice credentials "connects" and plays), each with {@link EMULATED_PLUGINS}. Named
 * `emulated-a`, `emulated-b`, ...
 * @throws Error when the emulator sources are missing (e.g. a package without `test/`).
 */
export async function startEmulatedLavalinks(count: number): Promise<EmulatedLavalinks> {
  const mod = require(EMULATOR_ENTRY) as EmulatorModule;
  const started: EmulatorHandle[] = [];
  const close = async (): Promise<void> => {
    await Promise.all(started.map((e) => e.close().catch(() => undefined)));
  };
  try {
    for (let i = 0; i < count; i++) {
      const password = `emulated-${i}`;
      started.push(await mod.startEmulator({ port: 0, host: "127.0.0.1", password, voice: "simulated", statsIntervalMs: 5000, playerUpdateIntervalMs: 1000, plugins: [...EMULATED_PLUGINS] }));
    }
  } catch (err) {
    await close();
    throw err;
  }
  const specs = started.map((e, i) => ({ name: `emulated-${String.fromCharCode(97 + i)}`, url: e.url, password: `emulated-${i}` }));
  return { specs, close };
}
