/** Plain-text tables for benchmark output. */

/** A cell: integers print as they are, other numbers with `digits` decimals, strings as they are. */
export type Cell = string | number;

/**
 * Formats rows as an aligned table with a header line; numbers are right-aligned with `digits`
 * decimals (default 3), text left-aligned. Columns default to the keys of the first row.
 */
export function formatTable(rows: ReadonlyArray<Record<string, Cell>>, { columns, digits = 3 }: { columns?: string[]; digits?: number } = {}): string {
  const cols = columns ?? Object.keys(rows[0] ?? {});
  const text = (c: Cell | undefined): string => (c === undefined ? "" : typeof c !== "number" ? c : Number.isInteger(c) ? String(c) : c.toFixed(digits));
  const width = cols.map((col) => Math.max(col.length, ...rows.map((r) => text(r[col]).length)));
  const isNumeric = cols.map((col) => rows.some((r) => typeof r[col] === "number"));
  const line = (cells: string[]): string => cells.map((c, i) => (isNumeric[i] ? c.padStart(width[i]!) : c.padEnd(width[i]!))).join("  ").trimEnd();
  return [line(cols), line(width.map((w) => "-".repeat(w))), ...rows.map((r) => line(cols.map((col) => text(r[col]))))].join("\n");
}

/** Prints `formatTable(rows, opts)` to stdout followed by a newline. */
export function printTable(rows: ReadonlyArray<Record<string, Cell>>, opts?: { columns?: string[]; digits?: number }): void {
  process.stdout.write(`${formatTable(rows, opts)}\n`);
}
