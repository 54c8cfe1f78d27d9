import { compareStrings } from '../core/order';

/** Levenshtein distance. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}

/** The `count` distinct candidates closest in spelling to `name` (case-insensitive), ties by name. */
export function closestStrings(name: string, candidates: Iterable<string>, count: number): string[] {
  const wanted = String(name).toLowerCase();
  return [...new Set(candidates)]
    .map((n) => ({ n, d: editDistance(wanted, n.toLowerCase()) }))
    .sort((a, b) => a.d - b.d || compareStrings(a.n, b.n))
    .slice(0, Math.max(0, count))
    .map((x) => x.n);
}
