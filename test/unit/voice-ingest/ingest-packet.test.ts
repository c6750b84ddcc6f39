import { decodeIngestPacket, MAX_PACKET_BYTES } from "../../../services/router/src/voice-ingest/ingest-packet";

const state = { op: 0, t: "VOICE_STATE_UPDATE", s: 42, d: { guild_id: "123456789012345678", user_id: "100000000000000001", session_id: "abc", channel_id: null, deaf: false } };
const server = { op: 0, t: "VOICE_SERVER_UPDATE", d: { guild_id: "123456789012345678", token: "tok", endpoint: "us-east1.discord.media:443" } };

describe("decodeIngestPacket", () => {
  it("reads voice dispatches as gateways forward them", () => {
    expect(decodeIngestPacket(JSON.stringify(state))).toEqual({ kind: "voice", event: { type: "state", guildId: "123456789012345678", userId: "100000000000000001", sessionId: "abc", channelId: null } });
    expect(decodeIngestPacket(JSON.stringify(server))).toEqual({ kind: "voice", event: { type: "server", guildId: "123456789012345678", token: "tok", endpoint: "us-east1.discord.media:443" } });
  });

  it("passes over other dispatches", () => {
    expect(decodeIngestPacket(JSON.stringify({ op: 0, t: "GUILD_CREATE", d: {} }))).toEqual({ kind: "other" });
  });

  it.each([
    [undefined, "no_packet"],
    ["{", "not_json"],
    ["[1]", "not_dispatch"],
    [JSON.stringify({ op: 11 }), "not_dispatch"],
    [JSON.stringify({ ...server, d: "x" }), "not_dispatch"],
    [JSON.stringify({ ...server, d: { ...server.d, guild_id: "not-a-snowflake" } }), "bad_voice_field"],
    [JSON.stringify({ ...server, d: { ...server.d, token: 5 } }), "bad_voice_field"],
    [JSON.stringify({ ...state, d: { ...state.d, session_id: "" } }), "bad_voice_field"],
    ["x".repeat(MAX_PACKET_BYTES + 1), "too_large"],
  ])("calls %j malformed (%s)", (text, why) => {
    expect(decodeIngestPacket(text)).toMatchObject({ kind: "malformed", why });
  });
});
