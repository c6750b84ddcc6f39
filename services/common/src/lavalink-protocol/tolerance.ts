/**
 * The tolerant reader's line between harmless and harmful deviations of a Lavalink-compatible server.
 * Harmless ones are accepted, normalised, and reported through an {@link OnDeviation} callback (the
 * Lavanode warns once per node per kind and counts them); harmful ones — data Pyro would act on
 * wrongly — stay a {@link LavalinkProtocolError} naming the field path. See the list in index.ts.
 */
import { childPath, jsonTypeOf } from "./validate-json";
import type { JsonObject } from "./types";

/** The closed set of tolerated deviations. */
export type DeviationKind =
  /** An informational string (version, git, jvm, lavaplayer) sent as an array, number or boolean. */
  | "informational-field-type"
  /** `cpu.lavalinkLoad` absent; another load figure (`nodelinkLoad`) or 0 stands in. */
  | "missing-load-figure"
  /**
   * A player echo disagrees with what the client asked for (e.g. NodeLink's nested `filters.filters`,
   * read as no filters): the desired state is kept, the echo is not stored.
   */
  | "echo-mismatch";

/** One accepted deviation: its kind and the field path where it was seen (never the value). */
export interface Deviation {
  kind: DeviationKind;
  path: string;
  /** What was found instead, as a JSON type name (`array`, `missing`, …). */
  found: string;
}

/** Receives each accepted deviation; must not throw. */
export type OnDeviation = (deviation: Deviation) => void;

/** The default: deviations are accepted silently. */
export const acceptSilently: OnDeviation = () => undefined;

/**
 * Reads an informational string that may be absent or null (→ null). An array is joined with `.`
 * (NodeLink's `version.build`), a number or boolean becomes its text; each reports a deviation. Any
 * other type (an object) is reported and read as null: nothing acts on these fields.
 */
export function readInformationalString(o: JsonObject, key: string, path: string, onDeviation: OnDeviation): string | null {
  const v = o[key];
  if (v === undefined || v === null) return null;
  if (typeof v === "string") return v;
  onDeviation({ kind: "informational-field-type", path: childPath(path, key), found: jsonTypeOf(v) });
  if (Array.isArray(v)) return v.map((x) => (typeof x === "object" && x !== null ? JSON.stringify(x) : String(x))).join(".");
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return null;
}

/**
 * Reads `cpu.lavalinkLoad`: a finite number as is; absent → `nodelinkLoad` when that is a number,
 * else 0, reporting a deviation. A present but mistyped value is left to the strict reader (refused).
 */
export function readLoadFigure(cpu: JsonObject, path: string, onDeviation: OnDeviation): number | undefined {
  if (cpu.lavalinkLoad !== undefined) return undefined;
  onDeviation({ kind: "missing-load-figure", path: childPath(path, "lavalinkLoad"), found: "missing" });
  const alt = cpu.nodelinkLoad;
  return typeof alt === "number" && Number.isFinite(alt) ? alt : 0;
}
