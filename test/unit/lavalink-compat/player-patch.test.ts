import { parsePlayerPatch } from "../../../services/router/src/lavalink-compat/player-patch";
import { LavalinkHttpError } from "../../../services/router/src/lavalink-compat/lavalink-http-error";

const fails = (body: unknown): { status: number; message: string } => {
  try {
    parsePlayerPatch(body, "1", false);
  } catch (e) {
    return { status: (e as LavalinkHttpError).status, message: (e as Error).message };
  }
  throw new Error("did not fail");
};

describe("parsePlayerPatch", () => {
  it("reads the shapes shoukaku and lavalink-client send", () => {
    expect(parsePlayerPatch({ track: { encoded: null }, position: 0 }, "1", false)).toMatchObject({ guildId: "1", track: { $case: "stop" }, positionMs: 0n, noReplace: false });
    expect(parsePlayerPatch({ track: { encoded: "QAAA", userData: { a: 1 } }, volume: 100, position: 0, paused: false }, "1", true))
      .toMatchObject({ track: { $case: "encodedTrack", value: "QAAA" }, userData: { a: 1 }, volume: 100, paused: false, noReplace: true });
    expect(parsePlayerPatch({ filters: { volume: 1, equalizer: [], karaoke: null, timescale: null } }, "1", false).filters).toMatchObject({ volume: 1, equalizer: [] });
    expect(parsePlayerPatch({ voice: { token: "t", endpoint: "e", sessionId: "s", channelId: "9" } }, "1", false).voice).toEqual({ token: "t", endpoint: "e", sessionId: "s", channelId: "9" });
  });

  it("clamps volume and position, ignores endTime null and unknown keys", () => {
    expect(parsePlayerPatch({ volume: 5000, position: -5, endTime: null, startTime: 3 }, "1", false)).toMatchObject({ volume: 1000, positionMs: 0n });
    expect(parsePlayerPatch({ endTime: null }, "1", false).endTime).toBeUndefined();
  });

  it("rejects with Lavalink's messages", () => {
    expect(fails({ track: {}, identifier: "x" })).toEqual({ status: 400, message: "Cannot specify both track and encodedTrack/identifier" });
    expect(fails({ encodedTrack: "a", identifier: "b" })).toEqual({ status: 400, message: "Cannot specify both encodedTrack and identifier" });
    expect(fails({ voice: { token: "t", endpoint: "e", sessionId: "s", channelId: " " } }).message).toBe("token, endpoint, sessionId and channelId must be provided in voice state");
    expect(fails({ voice: { token: "t", endpoint: "e", sessionId: "s" } }).status).toBe(400);
    expect(fails({ endTime: -1 })).toEqual({ status: 400, message: "End time must be greater than 0" });
    expect(fails({ volume: 1.5 }).status).toBe(400);
    expect(fails({ paused: null }).status).toBe(400);
    expect(fails({ filters: { volume: null } }).status).toBe(400);
    expect(fails([]).status).toBe(400);
  });
});
