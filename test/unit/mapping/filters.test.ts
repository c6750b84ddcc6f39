import { Filters as FiltersCodec, type Filters as FiltersProto } from "../../../gen/ts/pyro/lavalink/v1/filters";
import { InvalidArgumentError } from "../../../services/common/src/errors";
import { filtersFromProto, filtersToProto, validateFilters } from "../../../services/common/src/mapping";
import type { Filters } from "../../../services/common/src/lavalink-protocol";
import { FILTERS } from "../../support/lavalink-json-fixtures";
import { viaWire } from "./wire";

const roundTrip = (json: Filters): Filters => filtersFromProto(viaWire(FiltersCodec, filtersToProto(json)));
const proto = (p: Partial<FiltersProto>): FiltersProto => ({ equalizer: [], ...p });
const fields = (errors: InvalidArgumentError[]): string[] => errors.map((e) => e.field);

describe("filters mapping", () => {
  it("round-trips all ten filters plus plugin filters", () => {
    const json = JSON.parse(FILTERS) as Filters;
    expect(filtersFromProto(filtersToProto(json))).toStrictEqual(json);
    expect(roundTrip(json)).toStrictEqual(json);
  });

  it.each([
    ["no filters", `{}`],
    ["only volume 0 (zero is not absent)", `{"volume": 0}`],
    ["object filters with no sub-fields (all defaults)", `{"timescale": {}, "lowPass": {}, "karaoke": {}}`],
    ["sub-fields that are zero next to absent ones", `{"distortion": {"sinOffset": 0, "scale": 0}, "rotation": {"rotationHz": 0}}`],
    ["equalizer with duplicate bands and a band without gain", `{"equalizer": [{"band": 2, "gain": 0}, {"band": 2}, {"band": 2, "gain": 0.5}]}`],
    ["empty plugin filters", `{"pluginFilters": {}}`],
  ])("round-trips %s", (_name, text) => {
    const json = JSON.parse(text) as Filters;
    expect(roundTrip(json)).toStrictEqual(json);
  });

  it("keeps absent and zero apart in proto", () => {
    const p = filtersToProto(JSON.parse(`{"volume": 0, "timescale": {"speed": 0.5}, "equalizer": [{"band": 1}]}`) as Filters);
    expect(p.volume).toBe(0);
    expect(p.timescale).toEqual({ speed: 0.5 });
    expect(p.equalizer).toEqual([{ band: 1 }]);
    expect(p.karaoke).toBeUndefined();
    expect(p.pluginFilters).toBeUndefined();
    expect(filtersToProto({}).volume).toBeUndefined();
  });

  it("treats a null object filter as off", () => {
    const json = JSON.parse(`{"karaoke": null, "lowPass": null, "volume": 2}`) as Filters;
    expect(filtersToProto(json).karaoke).toBeUndefined();
    expect(roundTrip(json)).toEqual({ volume: 2 });
  });

  it("writes an empty equalizer list as no equalizer", () => {
    expect(filtersFromProto(proto({}))).toEqual({});
  });
});

describe("validateFilters", () => {
  it("accepts the docs example and boundary values", () => {
    expect(validateFilters(filtersToProto(JSON.parse(FILTERS) as Filters), "filters")).toEqual([]);
    expect(validateFilters(proto({
      volume: 5, equalizer: [{ band: 0, gain: -0.25 }, { band: 14, gain: 1 }, { band: 7 }],
      karaoke: { level: 0, monoLevel: 1 }, tremolo: { depth: 1, frequency: 0.001 }, vibrato: { frequency: 14, depth: 1 },
      channelMix: { leftToLeft: 0, rightToRight: 1 }, lowPass: { smoothing: 1.0001 }, rotation: { rotationHz: -3 },
      distortion: { sinScale: -100 },
    }), "filters")).toEqual([]);
    expect(validateFilters(proto({ volume: 0 }), "filters")).toEqual([]);
  });

  it.each<[string, Partial<FiltersProto>, string]>([
    ["volume above 5", { volume: 5.01 }, "filters.volume"],
    ["negative volume", { volume: -0.1 }, "filters.volume"],
    ["band 15", { equalizer: [{ band: 0, gain: 0 }, { band: 15, gain: 0 }] }, "filters.equalizer[1].band"],
    ["band -1", { equalizer: [{ band: -1 }] }, "filters.equalizer[0].band"],
    ["gain below -0.25", { equalizer: [{ band: 3, gain: -0.3 }] }, "filters.equalizer[0].gain"],
    ["gain above 1", { equalizer: [{ band: 3, gain: 1.5 }] }, "filters.equalizer[0].gain"],
    ["karaoke level above 1", { karaoke: { level: 1.5 } }, "filters.karaoke.level"],
    ["karaoke mono level below 0", { karaoke: { monoLevel: -1 } }, "filters.karaoke.mono_level"],
    ["timescale speed 0", { timescale: { speed: 0 } }, "filters.timescale.speed"],
    ["timescale pitch negative", { timescale: { pitch: -1 } }, "filters.timescale.pitch"],
    ["timescale rate 0", { timescale: { rate: 0 } }, "filters.timescale.rate"],
    ["tremolo frequency 0", { tremolo: { frequency: 0 } }, "filters.tremolo.frequency"],
    ["tremolo depth 0", { tremolo: { depth: 0 } }, "filters.tremolo.depth"],
    ["tremolo depth above 1", { tremolo: { depth: 1.1 } }, "filters.tremolo.depth"],
    ["vibrato frequency above 14", { vibrato: { frequency: 14.5 } }, "filters.vibrato.frequency"],
    ["vibrato frequency 0", { vibrato: { frequency: 0 } }, "filters.vibrato.frequency"],
    ["vibrato depth 0", { vibrato: { depth: 0 } }, "filters.vibrato.depth"],
    ["channel mix above 1", { channelMix: { rightToLeft: 1.2 } }, "filters.channel_mix.right_to_left"],
    ["low pass smoothing 1", { lowPass: { smoothing: 1 } }, "filters.low_pass.smoothing"],
    ["NaN rotation", { rotation: { rotationHz: NaN } }, "filters.rotation.rotation_hz"],
    ["infinite distortion", { distortion: { tanScale: Infinity } }, "filters.distortion.tan_scale"],
    ["infinite karaoke band", { karaoke: { filterBand: -Infinity } }, "filters.karaoke.filter_band"],
    ["NaN volume", { volume: NaN }, "filters.volume"],
  ])("rejects %s at its field path", (_name, p, field) => {
    const errors = validateFilters(proto(p), "filters");
    expect(fields(errors)).toEqual([field]);
    expect(errors[0]).toBeInstanceOf(InvalidArgumentError);
    expect(errors[0].message).toMatch(new RegExp(`^${field.replace(/[[\]]/g, "\\$&")}: must be`));
  });

  it("reports every problem at once, under the given prefix", () => {
    const errors = validateFilters(proto({ volume: 9, timescale: { speed: 0, pitch: 0, rate: 1 }, lowPass: { smoothing: 0.5 } }), "update.filters");
    expect(fields(errors)).toEqual([
      "update.filters.volume", "update.filters.timescale.speed", "update.filters.timescale.pitch", "update.filters.low_pass.smoothing",
    ]);
    expect(fields(validateFilters(proto({ volume: 9 }), ""))).toEqual(["volume"]);
  });

  it("does not inspect plugin filters", () => {
    expect(validateFilters(proto({ pluginFilters: { any: { volume: 99 } } }), "filters")).toEqual([]);
  });
});
