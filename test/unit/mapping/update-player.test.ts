import type { UpdatePlayerCommand } from "../../../gen/ts/pyro/lavanode/v1/lavanode";
import type { UpdatePlayerRequest } from "../../../gen/ts/pyro/router/v1/player";
import { playerPatchToCommand, playerUpdateToPatch } from "../../../services/common/src/mapping";
import type { PlayerUpdate } from "../../../services/common/src/lavalink-protocol";
import { FILTERS } from "../../support/lavalink-json-fixtures";

const command = (p: Partial<UpdatePlayerCommand>): UpdatePlayerCommand => ({ noReplace: false, fullState: false, ...p });
const VOICE = { token: "abc", endpoint: "us-east1234.discord.media", sessionId: "d9c0", channelId: "1045281946329251850" };

describe("playerUpdateToPatch", () => {
  it("writes nothing for an empty partial update", () => {
    expect(playerUpdateToPatch(command({}))).toStrictEqual({ body: {}, noReplace: false });
  });

  it.each<[string, Partial<UpdatePlayerCommand>, PlayerUpdate]>([
    ["an encoded track", { track: { $case: "encodedTrack", value: "QAAA" } }, { track: { encoded: "QAAA" } }],
    ["an identifier", { track: { $case: "identifier", value: "ytsearch:日本語" } }, { track: { identifier: "ytsearch:日本語" } }],
    ["stop", { track: { $case: "stop", value: {} } }, { track: { encoded: null } }],
    ["user data alone", { userData: { a: 1 } }, { track: { userData: { a: 1 } } }],
    ["a track with user data", { track: { $case: "encodedTrack", value: "QAAA" }, userData: { n: { m: null } } },
      { track: { encoded: "QAAA", userData: { n: { m: null } } } }],
    ["position 0 (set, not absent)", { positionMs: 0n }, { position: 0 }],
    ["an end time", { endTime: { $case: "endTimeMs", value: 90000n } }, { endTime: 90000 }],
    ["clearing the end time", { endTime: { $case: "clearEndTime", value: {} } }, { endTime: null }],
    ["volume 0", { volume: 0 }, { volume: 0 }],
    ["paused false", { paused: false }, { paused: false }],
    ["empty filters (remove all)", { filters: { equalizer: [] } }, { filters: {} }],
    ["timescale filter", { filters: { equalizer: [], timescale: { speed: 1.5 } } }, { filters: { timescale: { speed: 1.5 } } }],
    ["voice", { voice: VOICE }, { voice: VOICE }],
    ["voice without channel id", { voice: { token: "t", endpoint: "e", sessionId: "s" } },
      { voice: { token: "t", endpoint: "e", sessionId: "s", channelId: null } }],
  ])("maps %s", (_name, p, body) => {
    expect(playerUpdateToPatch(command(p)).body).toStrictEqual(body);
  });

  it("passes noReplace through", () => {
    expect(playerUpdateToPatch(command({ noReplace: true, track: { $case: "encodedTrack", value: "x" } })).noReplace).toBe(true);
  });

  it("fills Lavalink defaults for unset fields when full_state is set", () => {
    expect(playerUpdateToPatch(command({ fullState: true, voice: VOICE })).body).toStrictEqual({
      track: { encoded: null }, position: 0, volume: 100, paused: false, filters: {}, voice: VOICE,
    });
  });

  it("uses the given values over defaults with full_state", () => {
    const { body } = playerUpdateToPatch(command({
      fullState: true, track: { $case: "encodedTrack", value: "QAAA" }, userData: { q: 1 }, positionMs: 42000n,
      endTime: { $case: "endTimeMs", value: 60000n }, volume: 80, paused: true, filters: { equalizer: [], volume: 2 }, voice: VOICE,
    }));
    expect(body).toStrictEqual({
      track: { encoded: "QAAA", userData: { q: 1 } }, position: 42000, endTime: 60000, volume: 80, paused: true,
      filters: { volume: 2 }, voice: VOICE,
    });
  });

  it("accepts a router UpdatePlayerRequest (no full_state: unset stays unchanged)", () => {
    const request: UpdatePlayerRequest = {
      guildId: "1", noReplace: true, track: { $case: "identifier", value: "https://x/a.mp3" }, volume: 50,
    };
    expect(playerUpdateToPatch(request)).toStrictEqual({ body: { track: { identifier: "https://x/a.mp3" }, volume: 50 }, noReplace: true });
  });

  it.each([
    ["a new track with everything", `{"track":{"encoded":"QAAA","userData":{"r":"1"}},"position":1000,"endTime":5000,
      "volume":100,"paused":false,"filters":${FILTERS},"voice":{"token":"t","endpoint":"e","sessionId":"s","channelId":"1"}}`],
    ["a stop with a null end time", `{"track":{"encoded":null},"endTime":null}`],
    ["an identifier", `{"track":{"identifier":"scsearch:ñandú"}}`],
    ["an empty body", `{}`],
  ])("round-trips %s through UpdatePlayerCommand", (_name, text) => {
    const body = JSON.parse(text) as PlayerUpdate;
    expect(playerUpdateToPatch(playerPatchToCommand({ body, noReplace: true }))).toStrictEqual({ body, noReplace: true });
  });
});

describe("playerPatchToCommand", () => {
  it("reads the deprecated top-level encodedTrack / identifier", () => {
    expect(playerPatchToCommand({ body: { encodedTrack: null }, noReplace: false }).track).toStrictEqual({ $case: "stop", value: {} });
    expect(playerPatchToCommand({ body: { identifier: "x" }, noReplace: false }).track).toStrictEqual({ $case: "identifier", value: "x" });
  });

  it("rejects the combinations Lavalink rejects", () => {
    expect(() => playerPatchToCommand({ body: { track: {}, identifier: "x" }, noReplace: false })).toThrow(/track and encodedTrack/);
    expect(() => playerPatchToCommand({ body: { track: { encoded: "a", identifier: "b" } }, noReplace: false })).toThrow(/both encodedTrack and identifier/);
  });
});
