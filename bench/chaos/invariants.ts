/**
 * The end-of-run checks: every player that was not destroyed plays on exactly one node, with a
 * volume the client may have caused (the last acknowledged value or a later uncertain one); every
 * queue equals the model of the accepted edits.
 */
import type { PyroClient } from "../../clients/ts/src";
import { playersByGuild } from "../../test/support/emulator-process";
import type { ChaosCluster } from "./chaos-cluster";
import type { QueueModel, VolumeModel } from "./workload";

/** Returns every violation found now (empty when all invariants hold). */
export async function checkInvariants(cluster: ChaosCluster, client: PyroClient, volumes: Map<string, VolumeModel>, queues: Map<string, QueueModel>): Promise<string[]> {
  const violations: string[] = [];
  const states = await cluster.states();
  if (states.size !== cluster.nodeIds.length) violations.push(`only ${states.size} of ${cluster.nodeIds.length} emulators answer`);
  const copies = new Map<string, Array<{ node: string; volume: number }>>();
  const idle = new Map<string, string[]>();
  for (const [node, state] of states) {
    for (const [g, p] of playersByGuild(state)) {
      if (p.track) copies.set(g, [...(copies.get(g) ?? []), { node, volume: p.volume }]);
      else idle.set(g, [...(idle.get(g) ?? []), node]);
    }
  }
  for (const [g, m] of volumes) {
    const c = copies.get(g) ?? [];
    if (c.length !== 1) {
      const rec = await client.getPlayer({ guildId: g }).catch((e: Error) => ({ error: e.message }));
      const where = "player" in rec ? `owner ${rec.player?.nodeId || "none"} epoch ${rec.player?.epoch} phase ${rec.player?.phase} track ${rec.player?.player?.track ? "yes" : "no"}` : (rec as { error: string }).error;
      violations.push(`player ${g} plays on ${c.length} nodes (${c.map((x) => x.node).join(",")}); idle copies on [${(idle.get(g) ?? []).join(",")}]; registry: ${where}`);
      continue;
    }
    if (c[0]!.volume !== m.acked && !m.uncertain.has(c[0]!.volume)) {
      violations.push(`player ${g}: volume ${c[0]!.volume}, acknowledged ${m.acked}${m.uncertain.size ? ` (uncertain ${[...m.uncertain].join(",")})` : ""}`);
    }
  }
  for (const [g, m] of queues) {
    try {
      const q = await client.getQueue({ guildId: g, offset: 0, limit: 1000, historyLimit: 0 });
      const markers = q.upcoming.map((e) => String((e.track?.userData as { marker?: string } | undefined)?.marker ?? "?"));
      if (Number(q.version) !== m.version) violations.push(`queue ${g}: version ${q.version}, model ${m.version}`);
      if (markers.join() !== m.markers.join()) violations.push(`queue ${g}: [${markers.join()}] != model [${m.markers.join()}]`);
    } catch (err) {
      violations.push(`queue ${g}: ${(err as Error).message}`);
    }
  }
  return violations;
}
