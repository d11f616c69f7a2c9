/** "Did you mean ...?": the candidate nearest to a mistyped name, for the CLI's options and the config's names. */

/**
 * The candidate nearest to `input` within a few edits (a third of its length, one to three; a
 * transposition is one edit), compared as `normalise` makes them (case-insensitively by default);
 * the first of equally near ones. None for an input of fewer than three characters: too short to guess from.
 */
export function closestMatch(
  input: string,
  candidates: readonly string[],
  normalise: (text: string) => string = (text) => text.toLowerCase(),
): string | undefined {
  const wanted = normalise(input);
  if (wanted.length < 3) return undefined;
  const limit = Math.min(3, Math.max(1, Math.floor(wanted.length / 3)));
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(wanted, normalise(candidate));
    if (distance <= limit && (!best || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate;
}

/** Optimal string alignment distance: insertions, deletions, substitutions, adjacent transpositions. */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let distance = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) distance = Math.min(distance, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = distance;
    }
  }
  return rows[a.length]![b.length]!;
}
