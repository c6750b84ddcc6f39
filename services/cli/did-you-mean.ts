/** "Did you mean" for mistyped commands and flags: the closest known name within a small edit distance. */

/** Levenshtein distance of two short strings. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

/** The known name closest to `input` (at most 2 edits, or a prefix of it), or undefined. */
export function closest(input: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = k.startsWith(input) && input.length >= 2 ? 0.5 : editDistance(input, k);
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return bestDistance <= Math.min(2, Math.max(1, Math.floor(input.length / 3))) || bestDistance === 0.5 ? best : undefined;
}

/** `problem` plus "; did you mean --x?" when the problem is an unknown flag close to a known one. */
export function withFlagSuggestion(problem: string, flags: Iterable<string>): string {
  const m = /^unknown flag --(.+)$/.exec(problem);
  const hit = m ? closest(m[1]!, flags) : undefined;
  return hit ? `${problem}; did you mean --${hit}?` : problem;
}
