/**
 * The ids closest to a mistyped one, for "did you mean …?": edit distance (insertions, deletions,
 * substitutions and swaps of neighbours count one each), ignoring case, to the whole id or, one more,
 * to its start (`gpt-4o-mni` is near `gpt-4o-mini-2024-07-18`). Only ids within a third of the typed
 * length (at least 2) are near enough; ties go to the shorter id, then to the order given.
 */
export function nearMatches(typed: string, ids: readonly string[], max = 3): string[] {
  const target = typed.toLowerCase();
  const scored: Array<{ id: string; distance: number; index: number }> = [];
  ids.forEach((id, index) => {
    if (id === typed) return;
    const limit = Math.max(2, Math.floor(target.length / 3));
    const lower = id.toLowerCase();
    let distance = editDistance(target, lower, limit);
    for (let k = target.length - 1; k <= target.length + 1 && distance > 1; k++) {
      if (k > 0 && k < lower.length)
        distance = Math.min(distance, editDistance(target, lower.slice(0, k), limit) + 1);
    }
    if (distance <= limit) scored.push({ id, distance, index });
  });
  return scored
    .sort((a, b) => a.distance - b.distance || a.id.length - b.id.length || a.index - b.index)
    .slice(0, max)
    .map((s) => s.id);
}

/** Damerau–Levenshtein (optimal string alignment) distance; anything over `limit` comes back as limit + 1. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, (before[j - 2] ?? 0) + 1);
      current.push(d);
      best = Math.min(best, d);
    }
    if (best > limit) return limit + 1;
    before = previous;
    previous = current;
  }
  return Math.min(previous[b.length] ?? 0, limit + 1);
}
