/**
 * CPU cost of encoding fanned-out events, in one process: every event goes to `--subscribers`
 * streams (default 10, the fan-out benchmark's count), each with its own sequence. Two ways in
 * the same run, in alternating blocks:
 *
 *   per subscriber  the generated encoder on each subscriber's copy (what the Router did before)
 *   shared          the Router's shared event encoding (events/shared-event-encoding.ts)
 *
 * for a playerUpdate and a trackStart (with a track). Prints µs of CPU per delivered event
 * (`process.cpuUsage`) and the ratio shared / per subscriber; writes bench/results/event-encoding.json.
 *
 *   node -r @swc-node/register bench/event-encoding.ts [--quick] [--events N] [--subscribers K]
 */
import { Event, WatchEventsResponse } from "../gen/ts/pyro/router/v1/event";
import { deliveryCopy, encodeWatchEventsResponse } from "../services/router/src/events/shared-event-encoding";
import { runBenchmark } from "./support/cleanup";
import { intOption, isQuick } from "./support/cli-options";
import { writeResults } from "./support/results-file";
import { printTable } from "./support/table";

const KINDS: Record<string, Event["kind"]> = {
  playerUpdate: { $case: "playerUpdate", value: { guildId: "123456789012345678", state: { positionMs: 65_432n, connected: true, pingMs: 12 } } } as Event["kind"],
  trackStart: { $case: "trackStart", value: { track: { encoded: "QAAAjQIAJVJpY2sgQXN0bGV5IC0gTmV2ZXIgR29ubmEgR2l2ZSBZb3UgVXAADlJpY2tBc3RsZXlWRVZPAAAAAAADPCAAC2RRdzR3OVdnWGNRAAEAK2h0dHBzOi8vd3d3LnlvdXR1YmUuY29tL3dhdGNoP3Y9ZFF3NHc5V2dYY1EAB3lvdXR1YmUAAAAAAAAAAA==", info: {
    identifier: "dQw4w9WgXcQ", isSeekable: true, author: "RickAstleyVEVO", lengthMs: 212_000n, isStream: false, positionMs: 0n,
    title: "Rick Astley - Never Gonna Give You Up", uri: "https://www.youtube.com/watch?v=dQw4w9WgXcQ", artworkUrl: "https://i.ytimg.com/vi/dQw4w9WgXcQ/maxresdefault.jpg", isrc: undefined, sourceName: "youtube",
  }, pluginInfo: undefined, userData: undefined } } } as unknown as Event["kind"],
};

type Way = "per subscriber" | "shared";

/** Encodes `events` fresh events to `subscribers` streams the given way; returns CPU µs spent. */
function block(way: Way, kind: Event["kind"], events: number, subscribers: number, sequences: bigint[]): number {
  const before = process.cpuUsage();
  for (let i = 0; i < events; i++) {
    const event: Event = { sequence: 0n, timestamp: new Date(), guildId: "123456789012345678", nodeId: "node-a", replay: false, guildSequence: 0n, kind };
    for (let s = 0; s < subscribers; s++) {
      const sequence = ++sequences[s]!;
      if (way === "shared") encodeWatchEventsResponse({ event: deliveryCopy(event, sequence) });
      else Buffer.from(WatchEventsResponse.encode({ event: { ...event, sequence } }).finish());
    }
  }
  const used = process.cpuUsage(before);
  return used.user + used.system;
}

runBenchmark(async () => {
  const events = intOption("events", isQuick() ? 2000 : 20000);
  const subscribers = intOption("subscribers", 10);
  const BLOCK = 500;
  const rows: Array<Record<string, string | number>> = [];
  const json: Record<string, unknown> = {};
  for (const [name, kind] of Object.entries(KINDS)) {
    const us: Record<Way, number> = { "per subscriber": 0, shared: 0 };
    const sequences = Array.from({ length: subscribers }, () => 0n);
    for (const way of ["per subscriber", "shared"] as const) block(way, kind, BLOCK, subscribers, sequences); // warm-up
    for (let done = 0, round = 0; done < events; done += BLOCK, round++) {
      const order: Way[] = round % 2 === 0 ? ["per subscriber", "shared"] : ["shared", "per subscriber"];
      for (const way of order) us[way] += block(way, kind, BLOCK, subscribers, sequences);
    }
    const per = (w: Way): number => us[w] / (Math.ceil(events / BLOCK) * BLOCK * subscribers);
    rows.push({ event: name, way: "per subscriber", "CPU µs/delivery": per("per subscriber") });
    rows.push({ event: name, way: "shared", "CPU µs/delivery": per("shared") });
    rows.push({ event: name, way: "ratio shared / per subscriber", "CPU µs/delivery": per("shared") / per("per subscriber") });
    json[name] = { perSubscriberUs: per("per subscriber"), sharedUs: per("shared"), ratio: per("shared") / per("per subscriber") };
  }
  process.stdout.write(`\nencoding one event for ${subscribers} subscriber streams, ${events} events per kind and way\n\n`);
  printTable(rows, { columns: ["event", "way", "CPU µs/delivery"] });
  process.stdout.write(`\nwrote ${writeResults("event-encoding", { events, subscribers, unit: "µs of CPU per delivered event", kinds: json })}\n`);
});
