// Pure parts of plugin routing: what may be forwarded, which source an identifier needs, route owners.
import { InvalidArgumentError } from "../../../services/common/src/errors";
import { splitPathQuery, validatePluginMethod, validatePluginPath } from "../../../services/common/src/plugin-route";
import { ownersOf } from "../../../services/router/src/plugins/plugin-route-owners";
import { sourceForIdentifier } from "../../../services/router/src/players/source-routing";

describe("plugin route validation", () => {
  it("accepts plugin paths and methods", () => {
    expect(validatePluginPath("/lyrics", "global")).toBe("/lyrics");
    expect(validatePluginPath("/sponsorblock/categories", "player")).toBe("/sponsorblock/categories");
    expect(validatePluginMethod("put")).toBe("PUT");
    expect(splitPathQuery("/lyrics?track=QA+A/=&x=1")).toEqual({ path: "/lyrics", query: "track=QA+A/=&x=1" });
  });

  it.each([
    ["/sessions/abc/players/1", "global"], ["/loadtracks", "global"], ["/Info", "global"], ["lyrics", "global"],
    ["/a/../sessions", "global"], ["/a b", "player"], ["", "player"], ["/", "player"], ["/x#y", "global"],
  ] as const)("refuses %j (%s) with the field path", (path, scope) => {
    expect(() => validatePluginPath(path, scope)).toThrow(InvalidArgumentError);
    try {
      validatePluginPath(path, scope);
    } catch (e) {
      expect((e as InvalidArgumentError).field).toBe("path");
    }
  });

  it("refuses other methods and queries with spaces", () => {
    expect(() => validatePluginMethod("TRACE")).toThrow(/method/);
    expect(() => splitPathQuery("/lyrics?a=b c")).toThrow(InvalidArgumentError);
  });
});

describe("sourceForIdentifier", () => {
  const listed = new Set(["youtube", "segments", "emulator"]);
  it.each([
    ["spsearch:never gonna", "spotify"], ["ytsearch:x", "youtube"], ["segments:talk:1000", "segments"],
    ["https://open.spotify.com/track/abc", "spotify"], ["https://example.com/a.mp3", undefined],
    ["emulator-playlist:a:3", undefined], ["plain words", undefined], ["emulator:song", "emulator"],
  ])("%s needs %s", (identifier, source) => {
    expect(sourceForIdentifier(identifier, listed)).toBe(source);
  });
});

describe("ownersOf", () => {
  it("names the lyrics plugins for /lyrics and nothing for unknown routes", () => {
    expect(ownersOf("/lyrics")).toContain("lavalyrics-plugin");
    expect(ownersOf("/lyrics/search")).toContain("lavalyrics-plugin");
    expect(ownersOf("/lyricsx")).toEqual([]);
    expect(ownersOf("/nosuch")).toEqual([]);
  });
});
