/** Redis work counters (INFO stats), to turn a phase of a benchmark into Redis ops and bytes. */
import Redis from "ioredis";

/** Cumulative counters of one Redis server. */
export interface RedisTraffic {
  commands: number;
  inputBytes: number;
  outputBytes: number;
}

/**
 * Reads total_commands_processed and total_net_{input,output}_bytes on a short-lived connection
 * (whose own INFO counts as one command). @throws when Redis does not answer or a field is missing.
 */
export async function redisTraffic(url: string): Promise<RedisTraffic> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    const info = await redis.info("stats");
    const num = (field: string): number => {
      const v = new RegExp(`^${field}:(\\d+)`, "m").exec(info)?.[1];
      if (v === undefined) throw new Error(`INFO stats has no ${field}`);
      return Number(v);
    };
    return { commands: num("total_commands_processed"), inputBytes: num("total_net_input_bytes"), outputBytes: num("total_net_output_bytes") };
  } finally {
    redis.disconnect();
  }
}

/** Per-unit difference of two readings (e.g. per player, or per player-second). */
export function trafficPer(before: RedisTraffic, after: RedisTraffic, units: number): RedisTraffic {
  return {
    commands: (after.commands - before.commands) / units,
    inputBytes: (after.inputBytes - before.inputBytes) / units,
    outputBytes: (after.outputBytes - before.outputBytes) / units,
  };
}
