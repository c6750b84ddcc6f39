// The REST client's passthrough (plugin routes): raw query and body out, any status back untouched.
import { startEmulator, type Emulator } from "../../lavalink-emulator";
import { emulatorTrack } from "../../lavalink-emulator/catalogue";
import { encodeTrack } from "../../lavalink-emulator/track-codec";
import { createLavalinkRest, LavalinkSession, type LavalinkRest } from "../../../services/lavanode/src/lavalink";
import { VOICE } from "./helpers";

const PASSWORD = "s3cret-pass";
let emulator: Emulator;
let rest: LavalinkRest;
let session: LavalinkSession;
let sessionId: string;

beforeAll(async () => {
  emulator = await startEmulator({ password: PASSWORD, plugins: ["lyrics", "segment-skip"] });
  rest = createLavalinkRest({ baseUrl: emulator.url, password: PASSWORD, timeoutMs: 5000 });
  session = new LavalinkSession({ baseUrl: emulator.url, password: PASSWORD, userId: "170939974227591168", rest });
  sessionId = (await session.start({ signal: AbortSignal.timeout(10000) })).sessionId;
});

afterAll(async () => {
  await session?.close({ destroySession: true });
  rest?.close();
  await emulator?.close();
});

test("sends the raw query and body, returns 2xx and error answers alike", async () => {
  const encoded = encodeTrack(emulatorTrack("a+b/c", 60000));
  const lyrics = await rest.passthrough({ method: "GET", path: "/v4/lyrics", rawQuery: `track=${encodeURIComponent(encoded)}&skipTrackSource=true` });
  expect(lyrics.status).toBe(200);
  expect(JSON.parse(lyrics.text).lines[0].line).toBe("a+b/c line 1");
  const guild = "170939974227591169";
  await rest.updatePlayer(sessionId, guild, { voice: VOICE });
  const path = `/v4/sessions/${sessionId}/players/${guild}/sponsorblock/categories`;
  const put = await rest.passthrough({ method: "PUT", path, rawQuery: "", body: { data: Buffer.from('["intro"]'), contentType: "application/json" } });
  expect(put.status).toBe(204);
  expect(JSON.parse((await rest.passthrough({ method: "GET", path, rawQuery: "" })).text)).toEqual(["intro"]);
  const bad = await rest.passthrough({ method: "PUT", path, rawQuery: "", body: { data: Buffer.from('["nope"]'), contentType: "application/json" } });
  expect(bad.status).toBe(400);
  expect(JSON.parse(bad.text)).toMatchObject({ status: 400, path });
  const missing = await rest.passthrough({ method: "GET", path: "/v4/nosuch", rawQuery: "" });
  expect(missing.status).toBe(404);
  expect(missing.text).not.toContain(PASSWORD);
});
