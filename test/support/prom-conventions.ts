/**
 * Checks a Prometheus text exposition against Pyro's naming conventions: `pyro_` prefix (or the
 * standard `process_`/`nodejs_` runtime families, and `target_info`), counters end in `_total`,
 * durations and sizes in base units (`_seconds`, `_bytes`; never `_ms`/`_milliseconds`), no
 * family declared twice, and no `state` label except on the 0/1 gauge set `pyro_node_state`.
 */

/** One family as declared by its `# TYPE` line, with the label names seen on its samples. */
export interface Family { name: string; type: string; labels: Set<string> }

/** Parses `# TYPE` lines and sample label names; `duplicates` lists families declared more than once. */
export function parseExposition(text: string): { families: Map<string, Family>; duplicates: string[] } {
  const families = new Map<string, Family>();
  const duplicates: string[] = [];
  for (const line of text.split("\n")) {
    const type = /^# TYPE (\S+) (\S+)/.exec(line);
    if (type) {
      if (families.has(type[1]!)) duplicates.push(type[1]!);
      families.set(type[1]!, { name: type[1]!, type: type[2]!, labels: new Set() });
      continue;
    }
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{([^}]*)\})? /.exec(line);
    if (!sample) continue;
    const family = families.get(sample[1]!) ?? families.get(sample[1]!.replace(/_(bucket|sum|count)$/, ""));
    for (const m of (sample[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="/g)) family?.labels.add(m[1]!);
  }
  return { families, duplicates };
}

/** Every violation of the conventions in `text` (empty when it follows them). */
export function conventionProblems(text: string): string[] {
  const { families, duplicates } = parseExposition(text);
  const problems = duplicates.map((d) => `${d}: declared more than once`);
  for (const f of families.values()) {
    if (f.name === "target_info") continue;
    if (!/^(pyro|process|nodejs)_[a-z0-9_]+$/.test(f.name)) problems.push(`${f.name}: needs the pyro_ prefix`);
    if (f.type === "counter" && !f.name.endsWith("_total")) problems.push(`${f.name}: a counter must end in _total`);
    if (f.type !== "counter" && f.name.endsWith("_total")) problems.push(`${f.name}: only counters end in _total`);
    if (/_(ms|milliseconds|millis|kb|mb|percent|percentage)(_|$)/.test(f.name)) problems.push(`${f.name}: use base units (_seconds, _bytes, _ratio)`);
    if (f.type === "histogram" && /duration|latency/.test(f.name) && !f.name.endsWith("_seconds")) problems.push(`${f.name}: a duration histogram must end in _seconds`);
    if (f.labels.has("state") && f.name !== "pyro_node_state") problems.push(`${f.name}: a changing state must not be a label`);
  }
  return problems;
}
