// Values the validator accepts must fit the proto types they are carried in: a frame with a Java int
// beyond 32 bits or a timestamp beyond the Date range once broke every Router stream ("Error
// serializing response") and, replayed as the cached stats on hello, kept breaking it.
import { LavalinkProtocolError, parseMessage, validateMessage } from "../../../services/common/src/lavalink-protocol";
import { ConnectResponse } from "../../../gen/ts/pyro/lavanode/v1/lavanode";
import { eventToProto } from "../../../services/common/src/mapping/events";
import { playerUpdateToProto } from "../../../services/common/src/mapping/player-update";
import { statsToProto } from "../../../services/common/src/mapping/stats";
import { generateFuzzFrames } from "../../support/lavalink-fuzz";
import * as F from "./fixtures";

function failurePath(text: string, mutate: (o: any) => void): string {
  const o = JSON.parse(text);
  mutate(o);
  try {
    validateMessage(o);
  } catch (err) {
    expect(err).toBeInstanceOf(LavalinkProtocolError);
    return (err as LavalinkProtocolError).path;
  }
  throw new Error("validation unexpectedly succeeded");
}

test.each([
  ["playerUpdate.state.ping", F.PLAYER_UPDATE, (o: any) => (o.state.ping = 2 ** 31)],
  ["playerUpdate.state.time", F.PLAYER_UPDATE, (o: any) => (o.state.time = 2 ** 64)],
  ["playerUpdate.state.time", F.PLAYER_UPDATE, (o: any) => (o.state.time = -9e15)],
  ["stats.players", F.STATS, (o: any) => (o.players = 1e300)],
  ["stats.cpu.cores", F.STATS, (o: any) => (o.cpu.cores = -(2 ** 31) - 1)],
  ["stats.frameStats.deficit", F.STATS, (o: any) => (o.frameStats.deficit = 2 ** 40)],
  ["event.code", F.WS_CLOSED, (o: any) => (o.code = 1e308)],
])("%s out of range is malformed", (path, text, mutate) => {
  expect(failurePath(text, mutate)).toBe(path);
});

test("int32 bounds and Long values are still accepted (Longs are clamped when mapped)", () => {
  const o = JSON.parse(F.PLAYER_UPDATE);
  o.state.ping = 2 ** 31 - 1;
  o.state.position = 2 ** 70;
  o.state.time = 8.64e15;
  expect(validateMessage(o)).toMatchObject({ state: { ping: 2 ** 31 - 1, position: 2 ** 70, time: 8.64e15 } });
});

test("every fuzzed frame the validator accepts becomes an encodable ConnectResponse", () => {
  const track = JSON.parse(F.TRACK_JSON);
  let accepted = 0;
  for (const seed of [1, 2, 3, 20240611]) {
    for (const { frame } of generateFuzzFrames(seed, 1000, ["817327181659111454"], track)) {
      if (typeof frame !== "string") continue;
      let m;
      try {
        m = parseMessage(frame);
      } catch {
        continue;
      }
      const kind = m.op === "playerUpdate" ? { $case: "playerUpdate" as const, value: playerUpdateToProto(m) }
        : m.op === "stats" ? { $case: "stats" as const, value: statsToProto(m) }
        : m.op === "event" ? { $case: "event" as const, value: eventToProto(m) } : undefined;
      if (!kind) continue;
      accepted++;
      expect(() => ConnectResponse.encode({ epoch: 0n, receivedAt: new Date(), kind }).finish()).not.toThrow();
    }
  }
  expect(accepted).toBeGreaterThan(100);
});
