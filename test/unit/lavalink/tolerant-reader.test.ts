// The tolerant reader (issue 22) on payloads in the form NodeLink 3.7 sends them, and the mapping of
// Lavalink's answers to statuses by meaning.
import { status } from "@grpc/grpc-js";
import { LavalinkProtocolError, LavalinkRestError, validateInfo, validateStats, validatePlayer, type Deviation } from "../../../services/common/src/lavalink-protocol";
import { fromLavalinkError } from "../../../services/lavanode/src/errors";
import { toStatus } from "../../../services/common/src/grpc/status-mapping";

const NODELINK_INFO = JSON.parse(`{
  "version": {"semver": "3.7.0", "major": 3, "minor": 7, "patch": 0, "build": ["nodelink", "3.7.0"], "prerelease": ["rc", 1]},
  "buildTime": -1, "git": {"branch": "main", "commit": "abc", "commitTime": 0},
  "jvm": "v22.11.0", "lavaplayer": "none", "sourceManagers": ["youtube"], "filters": ["equalizer"], "plugins": []
}`);
const NODELINK_STATS = JSON.parse(`{"players": 2, "playingPlayers": 1, "uptime": 1000,
  "memory": {"free": 1, "used": 2, "allocated": 3, "reservable": 4},
  "cpu": {"cores": 4, "systemLoad": 0.5, "nodelinkLoad": 0.25}, "frameStats": null}`);

describe("tolerated deviations", () => {
  it("reads NodeLink's info: build as text, preRelease null, one deviation per odd field", () => {
    const seen: Deviation[] = [];
    const info = validateInfo(NODELINK_INFO, "info", (d) => seen.push(d));
    expect(info.version).toMatchObject({ semver: "3.7.0", build: "nodelink.3.7.0", preRelease: null });
    expect(seen).toEqual([{ kind: "informational-field-type", path: "info.version.build", found: "array" }]);
  });

  it("reads cpu.nodelinkLoad when cpu.lavalinkLoad is missing, and 0 without either", () => {
    const seen: Deviation[] = [];
    expect(validateStats(NODELINK_STATS, "stats", (d) => seen.push(d)).cpu.lavalinkLoad).toBe(0.25);
    const { nodelinkLoad: _n, ...cpu } = NODELINK_STATS.cpu;
    expect(validateStats({ ...NODELINK_STATS, cpu }).cpu.lavalinkLoad).toBe(0);
    expect(seen.map((d) => d.kind)).toEqual(["missing-load-figure"]);
  });

  it("still refuses what Pyro acts on: a mistyped load figure, sourceManagers, a player state", () => {
    expect(() => validateStats({ ...NODELINK_STATS, cpu: { cores: 4, systemLoad: 0, lavalinkLoad: "high" } })).toThrow("stats.cpu.lavalinkLoad");
    expect(() => validateInfo({ ...NODELINK_INFO, sourceManagers: "youtube" })).toThrow("info.sourceManagers");
    expect(() => validatePlayer({ guildId: "1", track: null, volume: 100, paused: false, state: { position: "0" }, voice: {} }, "player")).toThrow("player.state");
  });
});

describe("Lavalink answers become statuses by meaning", () => {
  const rest = (s: number, message: string) => new LavalinkRestError({ method: "GET", endpoint: "/v4/loadtracks", status: s, error: "x", message, path: "/v4/loadtracks" });
  const code = (err: unknown) => toStatus(fromLavalinkError(err)).code;

  it("400 and 404 are the caller's; 503 alone is retryable; a 500 for a missing source is not", () => {
    expect(code(rest(400, "bad identifier"))).toBe(status.INVALID_ARGUMENT);
    expect(code(rest(404, "Player not found"))).toBe(status.NOT_FOUND);
    expect(code(rest(503, "starting"))).toBe(status.UNAVAILABLE);
    expect(code(rest(500, "Source or search alias not found for: bcsearch"))).toBe(status.FAILED_PRECONDITION);
  });

  it("an unreadable payload is FAILED_PRECONDITION with the field path, never INTERNAL", () => {
    const s = toStatus(fromLavalinkError(new LavalinkProtocolError("info.version.semver", "string", "array")));
    expect(s.code).toBe(status.FAILED_PRECONDITION);
    expect(s.details).toContain("info.version.semver");
  });
});
