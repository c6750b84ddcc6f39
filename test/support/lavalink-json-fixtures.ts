// JSON literals in the form Lavalink's v4 docs (docs/api/{websocket,rest}.md) show them, kept as text so
// each test parses them exactly as the Lavanode parses inbound frames and bodies.

export const GUILD_ID = "817327181659111454";

export const TRACK = `{
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

/** A live stream: Long.MAX length, not seekable, non-ASCII title, no uri/artwork/isrc, plugin and user data. */
export const STREAM_TRACK = `{
  "encoded": "QAAAlgMAHuODqeOCuOOCqiDwn5OTIExpdmUg4oCUIENhZsOpIGzDtGZpAAlGTSDmnbHkuqwH",
  "info": {
    "identifier": "https://radio.example/stream",
    "isSeekable": false,
    "author": "FM 東京",
    "length": 9223372036854775807,
    "isStream": true,
    "position": 3600000,
    "title": "ラジオ 📻 Live — Café lôfi",
    "uri": null,
    "sourceName": "http",
    "artworkUrl": null,
    "isrc": null
  },
  "pluginInfo": {"probeInfo": "mp3", "lavasrc": {"albumName": "Ålbum", "explicit": false, "tags": ["a", 1, null]}},
  "userData": {"requester": "208274352331309056", "queue": {"position": 3, "shuffle": true}}
}`;

export const FILTERS = `{
  "volume": 1.0,
  "equalizer": [{"band": 0, "gain": 0.2}, {"band": 14, "gain": -0.25}, {"band": 3}],
  "karaoke": {"level": 1.0, "monoLevel": 1.0, "filterBand": 220.0, "filterWidth": 100.0},
  "timescale": {"speed": 1.0, "pitch": 1.0, "rate": 1.0},
  "tremolo": {"frequency": 2.0, "depth": 0.5},
  "vibrato": {"frequency": 2.0, "depth": 0.5},
  "rotation": {"rotationHz": 0},
  "distortion": {"sinOffset": 0.0, "sinScale": 1.0, "cosOffset": 0.0, "cosScale": 1.0, "tanOffset": 0.0, "tanScale": 1.0, "offset": 0.0, "scale": 1.0},
  "channelMix": {"leftToLeft": 1.0, "leftToRight": 0.0, "rightToLeft": 0.0, "rightToRight": 1.0},
  "lowPass": {"smoothing": 20.0},
  "pluginFilters": {"echo": {"delay": 0.5, "decay": 0.3}, "reverb": {"enabled": true, "taps": [1, 2]}}
}`;

export const PLAYER = `{
  "guildId": "${GUILD_ID}",
  "track": ${TRACK},
  "volume": 100,
  "paused": false,
  "state": {"time": 1500467109, "position": 60000, "connected": true, "ping": 50},
  "voice": {"token": "abc123", "endpoint": "us-east1234.discord.media", "sessionId": "d9c0a6f6a1e0f5c9", "channelId": "1045281946329251850"},
  "filters": {"timescale": {"speed": 1.25, "pitch": 1.0, "rate": 1.0}}
}`;

/** A player that exists but never had voice or a track (what PATCH `{}` creates). */
export const IDLE_PLAYER = `{
  "guildId": "${GUILD_ID}",
  "track": null,
  "volume": 100,
  "paused": false,
  "state": {"time": 0, "position": 0, "connected": false, "ping": -1},
  "voice": {"token": "", "endpoint": "", "sessionId": "", "channelId": null},
  "filters": {}
}`;

export const PLAYER_UPDATE = `{"op":"playerUpdate","guildId":"${GUILD_ID}","state":{"time":1500467109,"position":60000,"connected":true,"ping":50}}`;

export const STATS_FRAME = `{
  "op": "stats",
  "players": 1,
  "playingPlayers": 1,
  "uptime": 123456789,
  "memory": {"free": 123456789, "used": 123456789, "allocated": 123456789, "reservable": 123456789},
  "cpu": {"cores": 4, "systemLoad": 0.5, "lavalinkLoad": 1.1742335424116302E-4},
  "frameStats": {"sent": 6000, "nulled": 10, "deficit": -3010}
}`;

export const STATS_FRAME_NO_FRAMES = `{
  "op": "stats", "players": 0, "playingPlayers": 0, "uptime": 1000,
  "memory": {"free": 0, "used": 0, "allocated": 0, "reservable": 8589934592},
  "cpu": {"cores": 2, "systemLoad": 0.0, "lavalinkLoad": 0.0},
  "frameStats": null
}`;

export const REST_STATS = `{
  "players": 1, "playingPlayers": 1, "uptime": 123456789,
  "memory": {"free": 123456789, "used": 123456789, "allocated": 123456789, "reservable": 123456789},
  "cpu": {"cores": 4, "systemLoad": 0.5, "lavalinkLoad": 0.5}
}`;

const event = (type: string, rest: string) => `{"op":"event","type":"${type}","guildId":"${GUILD_ID}",${rest}}`;

export const TRACK_START = event("TrackStartEvent", `"track":${TRACK}`);
export const TRACK_END = (reason: string) => event("TrackEndEvent", `"track":${TRACK},"reason":"${reason}"`);
export const TRACK_EXCEPTION = event("TrackExceptionEvent", `"track":${TRACK},
  "exception":{"message":"...","severity":"common","cause":"...","causeStackTrace":"..."}`);
/** 4.0.x form: null message, no causeStackTrace. */
export const TRACK_EXCEPTION_OLD = event("TrackExceptionEvent", `"track":${STREAM_TRACK},
  "exception":{"message":null,"severity":"fault","cause":"java.lang.RuntimeException: boom"}`);
export const TRACK_STUCK = event("TrackStuckEvent", `"track":${TRACK},"thresholdMs":123456789`);
export const WEBSOCKET_CLOSED = event("WebSocketClosedEvent", `"code":4006,"reason":"Your session is no longer valid.","byRemote":true`);
export const PLUGIN_EVENT = event("SegmentsLoaded", `"segments":[{"category":"sponsor","start":3000,"end":7500}],"nested":{"k":null}`);

export const LOAD_TRACK = `{"loadType":"track","data":${TRACK}}`;
export const LOAD_PLAYLIST = `{"loadType":"playlist","data":{"info":{"name":"Example YouTube Playlist","selectedTrack":-1},
  "pluginInfo":{"type":"album"},"tracks":[${TRACK},${STREAM_TRACK}]}}`;
export const LOAD_SEARCH = `{"loadType":"search","data":[${TRACK},${STREAM_TRACK}]}`;
export const LOAD_SEARCH_EMPTY = `{"loadType":"search","data":[]}`;
export const LOAD_EMPTY = `{"loadType":"empty","data":null}`;
export const LOAD_ERROR = `{"loadType":"error","data":{"message":"The uploader has not made this video available in your country.",
  "severity":"common","cause":"com.sedmelluq.discord.lavaplayer.tools.FriendlyException: This video is not available in your country.",
  "causeStackTrace":"com.sedmelluq.discord.lavaplayer.tools.FriendlyException: This video is not available\\n\\tat ..."}}`;

export const INFO = `{
  "version": {"semver": "3.7.0-rc.1+test", "major": 3, "minor": 7, "patch": 0, "preRelease": "rc.1", "build": "test"},
  "buildTime": 1664223916812,
  "git": {"branch": "master", "commit": "85c5ab5", "commitTime": 1664223916812},
  "jvm": "18.0.2.1",
  "lavaplayer": "1.3.98.4-original",
  "sourceManagers": ["youtube", "soundcloud"],
  "filters": ["equalizer", "karaoke", "timescale", "channelMix"],
  "plugins": [{"name": "some-plugin", "version": "1.0.0"}, {"name": "foo-plugin", "version": "1.2.3"}]
}`;

/** What a real 4.2.2 release reports: `preRelease: ""`, no `build`, unknown build time. */
export const INFO_RELEASE = `{
  "version": {"semver": "4.2.2", "major": 4, "minor": 2, "patch": 2, "preRelease": ""},
  "buildTime": -1,
  "git": {"branch": "HEAD", "commit": "d7d5a54", "commitTime": 1744329600000},
  "jvm": "17.0.13", "lavaplayer": "2.2.6",
  "sourceManagers": ["soundcloud", "bandcamp", "twitch", "vimeo", "http", "local"],
  "filters": ["volume", "equalizer", "karaoke", "timescale", "tremolo", "vibrato", "distortion", "rotation", "channelMix", "lowPass"],
  "plugins": []
}`;

const FAILING = `[{"failingAddress":"/1.0.0.0","failingTimestamp":1573520707545,"failingTime":"Mon Nov 11 20:05:07 EST 2019"}]`;
export const ROUTE_PLANNERS = {
  RotatingIpRoutePlanner: `{"class":"RotatingIpRoutePlanner","details":{"ipBlock":{"type":"Inet4Address","size":"256"},
    "failingAddresses":${FAILING},"rotateIndex":"1","ipIndex":"1","currentAddress":"/1.0.0.1"}}`,
  NanoIpRoutePlanner: `{"class":"NanoIpRoutePlanner","details":{"ipBlock":{"type":"Inet6Address","size":"18446744073709551616"},
    "failingAddresses":[],"currentAddressIndex":"36792023813"}}`,
  RotatingNanoIpRoutePlanner: `{"class":"RotatingNanoIpRoutePlanner","details":{"ipBlock":{"type":"Inet6Address","size":"1208925819614629174706176"},
    "failingAddresses":${FAILING},"blockIndex":"0","currentAddressIndex":"36792023813"}}`,
  BalancingIpRoutePlanner: `{"class":"BalancingIpRoutePlanner","details":{"ipBlock":{"type":"Inet6Address","size":"1208925819614629174706176"},
    "failingAddresses":${FAILING}}}`,
};
/** RotatingIp before its first rotation: `currentAddress` is null. */
export const ROUTE_PLANNER_UNROTATED = `{"class":"RotatingIpRoutePlanner","details":{"ipBlock":{"type":"Inet4Address","size":"256"},
  "failingAddresses":[],"rotateIndex":"0","ipIndex":"0","currentAddress":null}}`;

export const SESSION_INFO = `{"resuming":true,"timeout":60}`;
