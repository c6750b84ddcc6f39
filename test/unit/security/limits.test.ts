// The one set of input limits (services/common/src/limits.ts) and the validators that apply them.
import { status } from "@grpc/grpc-js";
import { InvalidArgumentError, InvalidArgumentsError } from "../../../services/common/src/errors";
import { toStatus } from "../../../services/common/src/grpc/status-mapping";
import { MAX_JSON_DEPTH, MAX_REPORTED_PROBLEMS, clampMessage, jsonDepth, jsonLimitProblem } from "../../../services/common/src/limits";
import { validateFilters } from "../../../services/common/src/mapping/validate-filters";
import { reqJsonObject } from "../../../services/common/src/registry/json-check";
import { Problems, validateUpdatePlayer } from "../../../services/router/src/rpc/validate";
import { UpdatePlayerRequest } from "../../../gen/ts/pyro/router/v1/player";

const G = "900000000000000001";

/** `{"a":{"a":...}}` with `levels` objects. */
function nested(levels: number): Record<string, unknown> {
  let v: Record<string, unknown> = {};
  for (let i = 1; i < levels; i++) v = { a: v };
  return v;
}

describe("jsonDepth", () => {
  it("counts objects and arrays, scalars are 0", () => {
    expect(jsonDepth(5)).toBe(0);
    expect(jsonDepth({})).toBe(1);
    expect(jsonDepth({ a: [1, { b: 2 }] })).toBe(3);
    expect(jsonDepth(nested(MAX_JSON_DEPTH))).toBe(MAX_JSON_DEPTH);
  });

  it("stops past the limit, so a 100,000-level value costs no deep recursion", () => {
    let v: unknown = {};
    for (let i = 0; i < 100_000; i++) v = [v];
    expect(jsonDepth(v)).toBeGreaterThan(MAX_JSON_DEPTH);
    expect(jsonLimitProblem(v, 1 << 20)).toMatch(/nested deeper than 16/);
  });

  it("limits size after depth", () => {
    expect(jsonLimitProblem({ s: "x".repeat(100) }, 50)).toMatch(/larger than 50 bytes/);
    expect(jsonLimitProblem({ s: "x" }, 50)).toBeUndefined();
  });
});

describe("UpdatePlayer validation (the 33-Struct user_data of finding 3)", () => {
  it("refuses user_data nested past 16 levels with the field path", () => {
    const req = UpdatePlayerRequest.fromPartial({ guildId: G, userData: nested(33) });
    expect(() => validateUpdatePlayer(req)).toThrow(/user_data: is nested deeper than 16 levels/);
    expect(() => validateUpdatePlayer(UpdatePlayerRequest.fromPartial({ guildId: G, userData: nested(MAX_JSON_DEPTH) }))).not.toThrow();
  });

  it("refuses user_data over 16 KiB", () => {
    const req = UpdatePlayerRequest.fromPartial({ guildId: G, userData: { s: "x".repeat(20_000) } });
    expect(() => validateUpdatePlayer(req)).toThrow(/user_data: is larger than 16384 bytes/);
  });

  it("refuses plugin filters nested too deeply", () => {
    const req = UpdatePlayerRequest.fromPartial({ guildId: G, filters: { pluginFilters: { p: nested(20) } } });
    expect(() => validateUpdatePlayer(req)).toThrow(/filters\.plugin_filters: is nested deeper/);
  });
});

describe("equalizer bands (finding 4)", () => {
  it("200,000 invalid bands are one problem, not a stack overflow", () => {
    const bands = Array.from({ length: 200_000 }, () => ({ band: 99, gain: 9 }));
    const problems = validateFilters({ equalizer: bands }, "filters");
    expect(problems.map((p) => p.message)).toEqual(["filters.equalizer: must have at most 15 bands, got 200000"]);
  });

  it("100,000 valid bands are refused too (Lavalink has 15)", () => {
    const bands = Array.from({ length: 100_000 }, (_, i) => ({ band: i % 15, gain: 0 }));
    expect(() => validateUpdatePlayer(UpdatePlayerRequest.fromPartial({ guildId: G, filters: { equalizer: bands } }))).toThrow(/at most 15 bands/);
  });

  it("15 bands, each checked", () => {
    const bands = Array.from({ length: 15 }, (_, i) => ({ band: i, gain: 5 }));
    expect(validateFilters({ equalizer: bands }, "filters")).toHaveLength(15);
  });
});

describe("reported problems", () => {
  it("Problems keeps the first 20 and counts the rest, without spreading a huge list", () => {
    const p = new Problems();
    // One error object repeated: the list's length is what used to overflow (`push(...errors)`).
    p.addAll(new Array<InvalidArgumentError>(200_000).fill(new InvalidArgumentError("f", "bad")));
    let thrown: unknown;
    try { p.done(); } catch (err) { thrown = err; }
    expect(thrown).toBeInstanceOf(InvalidArgumentsError);
    const e = thrown as InvalidArgumentsError;
    expect(e.problems).toHaveLength(MAX_REPORTED_PROBLEMS);
    expect(e.message).toMatch(/; and 199980 more problems$/);
  });

  it("a status built from many problems stays small enough for grpc-js metadata limits", () => {
    const many = Array.from({ length: 1000 }, (_, i) => new InvalidArgumentError(`filters.equalizer[${i}].gain`, "must be between -0.25 and 1, got 9"));
    const s = toStatus(new InvalidArgumentsError(many));
    expect(s.code).toBe(status.INVALID_ARGUMENT);
    expect(s.details.length).toBeLessThan(4096);
    const huge = toStatus(new InvalidArgumentError("f".repeat(100_000), "x".repeat(100_000)));
    expect(huge.details.length).toBeLessThanOrEqual(4096);
    expect(String(huge.metadata.get("pyro-field")[0]).length).toBeLessThanOrEqual(256);
  });

  it("clampMessage marks a cut message", () => {
    expect(clampMessage("short")).toBe("short");
    expect(clampMessage("y".repeat(10_000))).toMatch(/\(truncated\)$/);
  });
});

describe("registry JSON", () => {
  it("refuses stored JSON nested past the record limit (was 64)", () => {
    const fail = (path: string, reason: string): never => { throw new InvalidArgumentError(path, reason); };
    expect(() => reqJsonObject(nested(40), "userData", fail)).toThrow(/nested deeper than 20 levels/);
    expect(() => reqJsonObject(nested(MAX_JSON_DEPTH), "userData", fail)).not.toThrow();
  });
});
