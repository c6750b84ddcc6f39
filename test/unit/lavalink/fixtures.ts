// JSON literals in the form Lavalink's v4 docs show them (docs/api/{websocket,rest}.md), kept as text so
// the tests exercise JSON.parse → validate exactly as inbound frames and bodies do.

import { TRACK, TRACK_END as trackEnd } from "../../support/lavalink-json-fixtures";

// The documentation examples both test folders use live in test/support/lavalink-json-fixtures.ts.
export {
  PLAYER_UPDATE, REST_STATS, STATS_FRAME as STATS, TRACK_EXCEPTION, TRACK_START, TRACK_STUCK, WEBSOCKET_CLOSED as WS_CLOSED,
} from "../../support/lavalink-json-fixtures";
export const TRACK_JSON = TRACK;
export const TRACK_END = trackEnd("finished");

export const READY = `{"op":"ready","resumed":false,"sessionId":"la3kfsdf5eafe848"}`;

export const PLAYER = `{
  "guildId": "817327181659111454",
  "track": ${TRACK_JSON},
  "volume": 100,
  "paused": false,
  "state": {"time": 1500467109, "position": 60000, "connected": true, "ping": 50},
  "voice": {"token": "...", "endpoint": "...", "sessionId": "...", "channelId": "1096128419530412122"},
  "filters": {}
}`;

export const IDLE_PLAYER = `{
  "guildId": "817327181659111454", "track": null, "volume": 100, "paused": false,
  "state": {"time": 1500467109, "position": 0, "connected": false, "ping": -1},
  "voice": {"token": "", "endpoint": "", "sessionId": "", "channelId": null},
  "filters": {}
}`;

export const FILTERS = `{
  "volume": 1.0,
  "equalizer": [{"band": 0, "gain": 0.2}, {"band": 3}],
  "karaoke": {"level": 1.0, "monoLevel": 1.0, "filterBand": 220.0, "filterWidth": 100.0},
  "timescale": {"speed": 1.0, "pitch": 1.0, "rate": 1.0},
  "tremolo": {"frequency": 2.0, "depth": 0.5},
  "vibrato": {"frequency": 2.0, "depth": 0.5},
  "rotation": {"rotationHz": 0},
  "distortion": {"sinOffset": 0.0, "sinScale": 1.0, "cosOffset": 0.0, "cosScale": 1.0, "tanOffset": 0.0, "tanScale": 1.0, "offset": 0.0, "scale": 1.0},
  "channelMix": {"leftToLeft": 1.0, "leftToRight": 0.0, "rightToLeft": 0.0, "rightToRight": 1.0},
  "lowPass": {"smoothing": 20.0},
  "pluginFilters": {"echo": {"delay": 0.5}}
}`;

export const INFO = `{
  "version": {"semver": "4.0.0-beta.1", "major": 4, "minor": 0, "patch": 0, "preRelease": "beta.1", "build": null},
  "buildTime": 1664223916812,
  "git": {"branch": "master", "commit": "85c5ab5", "commitTime": 1664223916812},
  "jvm": "18.0.2.1",
  "lavaplayer": "1.3.98.4-original",
  "sourceManagers": ["youtube", "soundcloud"],
  "filters": ["equalizer", "karaoke", "timescale", "channelMix"],
  "plugins": [{"name": "some-plugin", "version": "1.0.0"}, {"name": "foo-plugin", "version": "1.2.3"}]
}`;

const FAILING = `"failingAddresses": [{"failingAddress": "/1.0.0.0", "failingTimestamp": 1573520707545, "failingTime": "Mon Nov 11 20:05:07 EST 2019"}]`;
export const ROUTE_PLANNERS = {
  RotatingIpRoutePlanner: `{"class":"RotatingIpRoutePlanner","details":{"ipBlock":{"type":"Inet6Address","size":"1208925819614629174706176"},${FAILING},"rotateIndex":"0","ipIndex":"0","currentAddress":"/1.0.0.0"}}`,
  NanoIpRoutePlanner: `{"class":"NanoIpRoutePlanner","details":{"ipBlock":{"type":"Inet6Address","size":"1208925819614629174706176"},${FAILING},"currentAddressIndex":"0"}}`,
  RotatingNanoIpRoutePlanner: `{"class":"RotatingNanoIpRoutePlanner","details":{"ipBlock":{"type":"Inet6Address","size":"1208925819614629174706176"},${FAILING},"blockIndex":"0","currentAddressIndex":"0"}}`,
  BalancingIpRoutePlanner: `{"class":"BalancingIpRoutePlanner","details":{"ipBlock":{"type":"Inet4Address","size":"256"},${FAILING}}}`,
};

export const ERROR_BODY = `{"timestamp": 1667857581613, "status": 404, "error": "Not Found", "trace": "...", "message": "Session not found", "path": "/v4/sessions/xtaug914v9k5032f/players/817327181659111454"}`;
