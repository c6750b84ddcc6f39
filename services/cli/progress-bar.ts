/** A one-line text progress bar for terminals (`pyro drain --wait`). */

/**
 * `[##########..........]  12/24  50%  12 moved, 0 failed`. `width` is the bar's inner width in
 * characters (default 30); a total of 0 renders as complete.
 */
export function formatProgressBar(moved: number, failed: number, total: number, width = 30): string {
  const done = moved + failed;
  const ratio = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(ratio * width);
  const pct = `${Math.floor(ratio * 100)}%`.padStart(4);
  return `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${String(done).padStart(String(total).length)}/${total} ${pct}  ${moved} moved, ${failed} failed`;
}
