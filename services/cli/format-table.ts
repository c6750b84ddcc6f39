/** Plain-text tables for the operator CLI. */

/**
 * Renders `rows` under `headers`, columns padded to their widest cell, separated by two spaces.
 * Returns the header line alone when there are no rows. Trailing spaces are trimmed.
 */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd();
  return [line(headers), ...rows.map(line)].join("\n");
}

/** `183000` → `3:03`; `3723000` → `1:02:03`; streams (>= 2^53) → `live`. */
export function formatDurationMs(ms: number | bigint): string {
  const n = Number(ms);
  if (!Number.isFinite(n) || n >= Number.MAX_SAFE_INTEGER) return "live";
  const s = Math.floor(n / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${sec}` : `${m}:${sec}`;
}

/** `PLAYER_PHASE_AWAITING_VOICE` → `awaiting-voice` given the prefix `PLAYER_PHASE_`. */
export function enumLabel(name: string, prefix: string): string {
  return name.startsWith(prefix) ? name.slice(prefix.length).toLowerCase().replace(/_/g, "-") : name.toLowerCase();
}
