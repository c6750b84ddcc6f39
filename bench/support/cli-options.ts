/** Command-line flags of the benchmarks: `--quick` and `--<name> <value>` numeric overrides. */

/** True when `--quick` is on the command line. */
export function isQuick(argv: readonly string[] = process.argv): boolean {
  return argv.includes("--quick");
}

/**
 * The positive integer after `--<name>`, or `fallback` when the flag is absent.
 * @throws Error when the value is missing or not a positive integer.
 */
export function intOption(name: string, fallback: number, argv: readonly string[] = process.argv): number {
  const i = argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(argv[i + 1]);
  if (!Number.isInteger(v) || v <= 0) throw new Error(`--${name} needs a positive integer, got ${String(argv[i + 1])}`);
  return v;
}

/** Comma-separated values after `--<name>`, or `fallback` when absent. */
export function listOption(name: string, fallback: string[], argv: readonly string[] = process.argv): string[] {
  const i = argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = argv[i + 1];
  if (!v || v.startsWith("--")) throw new Error(`--${name} needs a comma-separated list`);
  return v.split(",").map((s) => s.trim()).filter(Boolean);
}

/** The value after `--<name>`, or undefined when the flag is absent. @throws Error when the value is missing. */
export function stringOption(name: string, argv: readonly string[] = process.argv): string | undefined {
  const i = argv.indexOf(`--${name}`);
  if (i < 0) return undefined;
  const v = argv[i + 1];
  if (v === undefined || v.startsWith("--")) throw new Error(`--${name} needs a value`);
  return v;
}
