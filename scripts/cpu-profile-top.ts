/**
 * Summarises V8 CPU profiles (`node --cpu-prof` output): the functions with the most self time,
 * with their share of the sampled time, one table per profile.
 *
 *   node -r @swc-node/register scripts/cpu-profile-top.ts [--top N] FILE.cpuprofile...
 */
import { readFileSync } from "node:fs";
import { relative } from "node:path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time per function (name, file, line) in µs, largest first, and the profile's total µs. */
export function selfTimes(profile: Profile): { total: number; rows: Array<{ fn: string; us: number }> } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const us = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    const f = byId.get(id)!.callFrame;
    const where = f.url ? `${relative(process.cwd(), f.url.replace(/^file:\/\//, ""))}:${f.lineNumber + 1}` : "";
    const key = `${f.functionName || "(anonymous)"} ${where}`.trim();
    us.set(key, (us.get(key) ?? 0) + dt);
    total += dt;
  });
  return { total, rows: [...us].map(([fn, t]) => ({ fn, us: t })).sort((a, b) => b.us - a.us) };
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const i = args.indexOf("--top");
  const top = i >= 0 ? Number(args.splice(i, 2)[1]) : 25;
  for (const file of args) {
    const { total, rows } = selfTimes(JSON.parse(readFileSync(file, "utf8")) as Profile);
    process.stdout.write(`\n${file}: ${(total / 1e6).toFixed(2)} s sampled\n`);
    for (const r of rows.slice(0, top)) process.stdout.write(`${((r.us / total) * 100).toFixed(1).padStart(5)}%  ${(r.us / 1000).toFixed(0).padStart(6)} ms  ${r.fn}\n`);
  }
}
