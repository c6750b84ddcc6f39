/**
 * Runs the Lavalink emulator as a separate process (as e2e tests require) and talks to its
 * control API over HTTP (`/_emulator/...`).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { waitFor } from "./wait-for";

const MAIN = join(__dirname, "../lavalink-emulator/main.ts");

/** A running emulator process. */
export interface EmulatorProcess {
  proc: ChildProcess;
  url: string;
  port: number;
  password: string;
  /** POSTs a control action (kill, freeze, dropWebSocket, failTrack, setStats, ...). */
  control(action: string, body?: Record<string, unknown>): Promise<void>;
  /** GET /_emulator/state: counters and players. */
  state(): Promise<EmulatorState>;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** A player as the emulator's REST API returns it (the fields tests read). */
export interface EmulatorPlayer {
  guildId: string;
  track: { encoded: string; info: { title: string; length: number } } | null;
  paused: boolean;
  volume: number;
  filters: Record<string, unknown>;
  state: { position: number; connected: boolean; time: number };
}

/** The parts of the control state tests read. */
export interface EmulatorState {
  counters: { trackStarts: number; playersCreated: number; playersDestroyed: number; sessionsCreated: number; sessionsResumed: number; trackStartsByGuild: Record<string, number> };
  sessions: Array<{ sessionId: string; state: string; players: number }>;
  /** Players per session id. */
  players: Record<string, EmulatorPlayer[]>;
  killed: boolean;
}

/** Every player of every session, by guild id. */
export function playersByGuild(state: EmulatorState): Map<string, EmulatorPlayer> {
  return new Map(Object.values(state.players).flat().map((p) => [p.guildId, p]));
}

/** Starts `test/lavalink-emulator/main.ts` with `args` and waits for its `listening` line. */
export async function startEmulatorProcess(args: string[] = [], password = "emulator-pw", port = 0): Promise<EmulatorProcess> {
  const proc = spawn(process.execPath, ["-r", "@swc-node/register", MAIN, "--port", String(port), "--password", password, ...args], {
    cwd: join(__dirname, "../.."), stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  proc.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  proc.stderr!.on("data", (d: Buffer) => (err += d.toString()));
  const url = await waitFor(() => {
    if (proc.exitCode !== null) throw new Error(`emulator exited ${proc.exitCode}: ${err}`);
    return /listening (\S+)/.exec(out)?.[1];
  }, { timeoutMs: 30000, what: "emulator to listen" });
  const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
  const headers = { authorization: password, "content-type": "application/json" };
  return {
    proc, url, port: Number(new URL(url).port), password,
    async control(action, body = {}) {
      const res = await fetch(`${url}/_emulator/${action}`, { method: "POST", headers, body: JSON.stringify(body) });
      if (res.status !== 204) throw new Error(`control ${action} answered ${res.status}: ${await res.text()}`);
    },
    async state() {
      const res = await fetch(`${url}/_emulator/state`, { headers });
      if (res.status !== 200) throw new Error(`state answered ${res.status}`);
      return (await res.json()) as EmulatorState;
    },
    async stop(signal = "SIGTERM") {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      await exited;
    },
  };
}
