/**
 * Lavalink `stats` of the whole cluster, as one virtual Lavalink would report them: players and
 * memory summed over the usable nodes, CPU loads averaged (weighted by cores), uptime of the
 * longest-running node. `frameStats` is never reported (it is per real session).
 */
import type { Stats } from "../../../../gen/ts/pyro/lavalink/v1/stats";
import type { NodeDirectory } from "../nodes/node-directory";

/** Aggregated stats of the nodes the directory currently considers usable. */
export function clusterStats(directory: NodeDirectory): Stats {
  let players = 0, playing = 0, uptime = 0, cores = 0, systemLoad = 0, lavalinkLoad = 0;
  const memory = { free: 0, used: 0, allocated: 0, reservable: 0 };
  for (const node of directory.list()) {
    const s = node.record.stats;
    if (!s || !directory.usable(node)) continue;
    players += s.players;
    playing += s.playingPlayers;
    uptime = Math.max(uptime, s.uptimeMs);
    if (s.memory) for (const k of Object.keys(memory) as Array<keyof typeof memory>) memory[k] += s.memory[k];
    const c = s.cpu;
    if (c) {
      cores += c.cores;
      systemLoad += c.systemLoad * c.cores;
      lavalinkLoad += c.lavalinkLoad * c.cores;
    }
  }
  const big = (n: number): bigint => BigInt(Math.max(0, Math.round(n)));
  return {
    players, playingPlayers: playing, uptimeMs: big(uptime),
    memory: { free: big(memory.free), used: big(memory.used), allocated: big(memory.allocated), reservable: big(memory.reservable) },
    cpu: { cores, systemLoad: cores ? systemLoad / cores : 0, lavalinkLoad: cores ? lavalinkLoad / cores : 0 },
  };
}
