/**
 * Edit distance with adjacent transpositions counted as one edit (optimal string alignment), so
 * that the common typos — a letter missing, doubled, wrong or swapped — each cost 1.
 */
function distance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  )
  const at = (i: number, j: number) => rows[i]![j]!
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, at(i - 2, j - 2) + 1)
      rows[i]![j] = best
    }
  }
  return at(a.length, b.length)
}

/**
 * The candidate `input` was most likely meant to be, when one is close enough to be a typo (at
 * most one edit per three characters, at least one), else undefined. Ties go to the first.
 *
 * @example
 * didYouMean('scafold', ['generate', 'scaffold']) // 'scaffold'
 */
export function didYouMean(input: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.max(1, Math.floor(input.length / 3))
  let best: { name: string; cost: number } | undefined
  for (const name of candidates) {
    const cost = distance(input.toLowerCase(), name.toLowerCase())
    if (cost <= limit && (!best || cost < best.cost)) best = { name, cost }
  }
  return best?.name
}

/** ` Did you mean "x"?` for a message, or nothing when no candidate is close. */
export function suggestion(input: string, candidates: Iterable<string>): string {
  const name = didYouMean(input, candidates)
  return name === undefined ? '' : ` Did you mean "${name}"?`
}
