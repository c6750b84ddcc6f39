// The Lavalink-compatible PATCH applies the shared limits (finding 3 and 4 on the Lavalink face).
import { parsePlayerPatch } from "../../../services/router/src/lavalink-compat/player-patch";
import { LavalinkHttpError, routeSpecificError } from "../../../services/router/src/lavalink-compat/lavalink-http-error";

const G = "900000000000000001";

function nested(levels: number): Record<string, unknown> {
  let v: Record<string, unknown> = {};
  for (let i = 1; i < levels; i++) v = { a: v };
  return v;
}

function status(body: unknown): number | undefined {
  try {
    parsePlayerPatch(body, G, false);
    return undefined;
  } catch (err) {
    return err instanceof LavalinkHttpError ? err.status : -1;
  }
}

describe("parsePlayerPatch limits", () => {
  it("refuses track.userData nested 40 deep with 400 (was 503 from the node)", () => {
    expect(status({ track: { encoded: "QAAA", userData: nested(40) } })).toBe(400);
    expect(() => parsePlayerPatch({ track: { encoded: "QAAA", userData: nested(40) } }, G, false)).toThrow(/track\.userData' is nested deeper than 16/);
    expect(status({ track: { encoded: "QAAA", userData: nested(16) } })).toBeUndefined();
  });

  it("refuses more than 15 equalizer bands", () => {
    const bands = (n: number) => Array.from({ length: n }, (_, i) => ({ band: i % 15, gain: 0 }));
    expect(status({ filters: { equalizer: bands(16) } })).toBe(400);
    expect(status({ filters: { equalizer: bands(15) } })).toBeUndefined();
  });

  it("refuses oversized plugin filters", () => {
    expect(status({ filters: { pluginFilters: { p: { s: "x".repeat(20_000) } } } })).toBe(400);
  });
});

describe("bad input on track and route-planner routes is a 4xx", () => {
  it("an undecodable track and a disabled route planner answer 400 (Lavalink answers 500)", () => {
    const grpcError = (code: number): Error => Object.assign(new Error("x"), { code, details: "encoded_track: is not a valid encoded track" });
    expect((routeSpecificError(grpcError(3), "decode") as LavalinkHttpError).status).toBe(400);
    expect((routeSpecificError(grpcError(9), "routePlanner") as LavalinkHttpError).status).toBe(400);
  });
});
