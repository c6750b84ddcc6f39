/**
 * The player verbs of the CLI: `pyro pause|resume|skip|stop|volume|seek|filter|move <guild> ...`,
 * each one call of the client's Player API, printing one line (or JSON with --json).
 */
import { createPyro, isFilterPreset, FILTER_PRESETS, type Player } from "../../../clients/ts/src";
import { ConfigError } from "../../common/src/config/flags";
import { OPERATOR_COMMON_OPTIONS, parseOperatorArgs } from "../operator-args";
import { CommandError, connectRouter, toJsonLine, type CommandIo } from "../operator-io";
import { formatDurationMs } from "../format-table";

type Verb = {
  /** Positionals after the guild. */
  args: string[];
  usage: string;
  /** Runs the verb; returns the line to print and the JSON document. */
  run(player: Player, args: string[], signal: AbortSignal): Promise<[string, unknown]>;
};

function number(name: string, raw: string | undefined, min: number, max: number): number {
  const n = Number(raw);
  if (raw === undefined || !Number.isFinite(n) || n < min || n > max) throw new ConfigError([`<${name}> must be a number from ${min} to ${max}, got ${JSON.stringify(raw ?? "")}`]);
  return n;
}

/** `1:30`, `90s`, `90000` (ms) → milliseconds. */
export function parsePositionMs(raw: string | undefined): number {
  const clock = /^(?:(\d+):)?(\d+):(\d{2})$/.exec(raw ?? "");
  if (clock) return ((Number(clock[1] ?? 0) * 60 + Number(clock[2])) * 60 + Number(clock[3])) * 1000;
  const secs = /^(\d+(?:\.\d+)?)s$/.exec(raw ?? "");
  if (secs) return Math.round(Number(secs[1]) * 1000);
  return number("position", raw, 0, Number.MAX_SAFE_INTEGER);
}

const PRESETS = Object.keys(FILTER_PRESETS).join("|");

/** Every player verb. */
export const PLAYER_VERBS: Readonly<Record<string, Verb>> = {
  pause: { args: [], usage: "pyro pause <guild>", run: async (p, _a, signal) => ["paused", await p.pause({ signal })] },
  resume: { args: [], usage: "pyro resume <guild>", run: async (p, _a, signal) => ["resumed", await p.resume({ signal })] },
  stop: { args: [], usage: "pyro stop <guild>", run: async (p, _a, signal) => ["stopped", await p.stop({ signal })] },
  skip: {
    args: ["count?"], usage: "pyro skip <guild> [count]",
    run: async (p, [count], signal) => {
      const r = await p.queue.skip(count === undefined ? 1 : number("count", count, 1, 10000), { signal });
      const info = r.nowPlaying?.track?.info;
      return [`skipped ${r.skipped.length}; ${info ? `now playing: ${info.title} - ${info.author}` : "nothing left to play"}`, r];
    },
  },
  volume: {
    args: ["percent"], usage: "pyro volume <guild> <0..1000>",
    run: async (p, [v], signal) => {
      const r = await p.setVolume(number("percent", v, 0, 1000), { signal });
      return [`volume ${r.player?.volume}`, r];
    },
  },
  seek: {
    args: ["position"], usage: "pyro seek <guild> <position: ms, 90s or 1:30>",
    run: async (p, [pos], signal) => {
      const ms = parsePositionMs(pos);
      return [`seeked to ${formatDurationMs(ms)}`, await p.seek(ms, { signal })];
    },
  },
  filter: {
    args: ["preset"], usage: `pyro filter <guild> <${PRESETS}|off>`,
    run: async (p, [name], signal) => {
      if (name === "off") return ["filters off", (await p.filters.clear({ signal }), {})];
      if (!name || !isFilterPreset(name)) throw new ConfigError([`<preset> must be one of ${PRESETS}, off; got ${JSON.stringify(name ?? "")}`]);
      return [`filter ${name} on`, await p.filters.preset(name, { signal })];
    },
  },
  move: {
    args: ["node?"], usage: "pyro move <guild> [node]",
    run: async (p, [node], signal) => {
      const r = await p.move(node, { signal });
      return [`moved from ${r.oldNodeId} to ${r.newNodeId}`, r];
    },
  },
};

/** Runs player verb `verb`. @throws PyroClientError, CommandError, ConfigError. */
export async function runPlayerVerb(verb: string, argv: string[], env: Record<string, string | undefined>, io: CommandIo): Promise<void> {
  const v = PLAYER_VERBS[verb];
  if (!v) throw new CommandError(`unknown verb ${verb}`, 2);
  const { positionals: [guildId, ...args], options: o } = parseOperatorArgs(OPERATOR_COMMON_OPTIONS, ["guild", ...v.args], argv, env);
  const client = connectRouter(o);
  const pyro = createPyro({ client });
  try {
    const [line, doc] = await v.run(pyro.player(guildId!), args, io.signal);
    io.out(o.json ? toJsonLine(doc) : line);
  } finally {
    client.close();
  }
}
