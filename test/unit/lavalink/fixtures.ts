// JSON literals in the form Lavalink's v4 docs show them (docs/api/{websocket,rest}.md), kept as text so
// the tests exercise JSON.parse → validate exactly as inbound frames and bodies do.

export const TRACK_JSON = `{
  "encoded": "QAAAjQIAJVJpY2sgQXN0bGV5IC0gTmV2ZXIgR29ubmEgR2l2ZSBZb3UgVXAADlJpY2tBc3RsZXlWRVZPAAAAAAADPCAAC2RRdzR3OVdnWGNRAAEAK2h0dHBzOi8vd3d3LnlvdXR1YmUuY29tL3dhdGNoP3Y9ZFF3NHc5V2dYY1EAB3lvdXR1YmUAAAAAAAAAAA==",
  "info": {
    "identifier": "dQw4w9WgXcQ",
    "isSeekable": true,
    "author": "RickAstleyVEVO",
    "length": 212000,
    "isStream": false,
    "position": 0,
    "title": "Rick Astley - Never Gonna Give You Up",
    "uri": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    "artworkUrl": "https://i.ytimg.com/vi/dQw4w9WgXcQ/maxresdefault.jpg",
    "isrc": null,
    "sourceName": "youtube"
  },
  "pluginInfo": {},
  "userData": {}
}`;

export const READY = `{"op":"ready","resumed":false,"sessionId":"la3kfsdf5eafe848"}`;

export const PLAYER_UPDATE = `{"op":"playerUpdate","guildId":"817327181659111454","state":{"time":1500467109,"position":60000,"connected":true,"ping":50}}`;

export const STATS = `{
  "op": "stats",
  "players": 1,
  "playingPlayers": 1,
  "uptime": 123456789,
  "memory": {"free": 123456789, "used": 123456789, "allocated": 123456789, "reservable": 123456789},
  "cpu": {"cores": 4, "systemLoad": 0.5, "lavalinkLoad": 1.1742335424116302E-4},
  "frameStats": {"sent": 6000, "nulled": 10, "deficit": -3010}
}`;

export const TRACK_START = `{"op":"event","type":"TrackStartEvent","guildId":"817327181659111454","track":${TRACK_JSON}}`;
export const TRACK_END = `{"op":"event","type":"TrackEndEvent","guildId":"817327181659111454","track":${TRACK_JSON},"reason":"finished"}`;
export const TRACK_EXCEPTION = `{"op":"event","type":"TrackExceptionEvent","guildId":"817327181659111454","track":${TRACK_JSON},
  "exception":{"message":"...","severity":"common","cause":"...","causeStackTrace":"..."}}`;
export const TRACK_STUCK = `{"op":"event","type":"TrackStuckEvent","guildId":"817327181659111454","track":${TRACK_JSON},"thresholdMs":123456789}`;
export const WS_CLOSED = `{"op":"event","type":"WebSocketClosedEvent","guildId":"817327181659111454","code":4006,"reason":"Your session is no longer valid.","byRemote":true}`;

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

export const REST_STATS = `{
  "players": 1, "playingPlayers": 1, "uptime": 123456789,
  "memory": {"free": 123456789, "used": 123456789, "allocated": 123456789, "reservable": 123456789},
  "cpu": {"cores": 4, "systemLoad": 0.5, "lavalinkLoad": 0.5}
}`;

const FAILING = `"failingAddresses": [{"failingAddress": "/1.0.0.0", "failingTimestamp": 1573520707545, "failingTime": "Mon Nov 11 20:05:07 EST 2019"}]`;
export const ROUTE_PLANNERS = {
  RotatingIpRoutePlanner: `{"class":"RotatingIpRoutePlanner","details":{"ipBlock":{"type":"Inet6Address","size":"1208925819614629174706176"},${FAILING},"rotateIndex":"0","ipIndex":"0","currentAddress":"/1.0.0.0"}}`,
  NanoIpRoutePlanner: `{"class":"NanoIpRoutePlanner","details":{"ipBlock":{"type":"Inet6Address","size":"1208925819614629174706176"},${FAILING},"currentAddressIndex":"0"}}`,
  RotatingNanoIpRoutePlanner: `{"class":"RotatingNanoIpRoutePlanner","details":{"ipBlock":{"type":"Inet6Address","size":"1208925819614629174706176"},${FAILING},"blockIndex":"0","currentAddressIndex":"0"}}`,
  BalancingIpRoutePlanner: `{"class":"BalancingIpRoutePlanner","details":{"ipBlock":{"type":"Inet4Address","size":"256"},${FAILING}}}`,
};

export const ERROR_BODY = `{"timestamp": 1667857581613, "status": 404, "error": "Not Found", "trace": "...", "message": "Session not found", "path": "/v4/sessions/xtaug914v9k5032f/players/817327181659111454"}`;
