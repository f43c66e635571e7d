/** The first bucket's upper bound (ms) and the growth from one bucket to the next (~15 %: a percentile is off by at most that). */
const FIRST_MS = 0.1;
const GROWTH = 1.15;
/** Up to ~5 minutes; anything longer lands in the last bucket. */
export const INTERVAL_BUCKETS = 110;

/** The upper bound (ms) of bucket `i`. */
export const bucketUpperMs = (i: number): number => FIRST_MS * GROWTH ** i;

/**
 * Durations of one interval in log-spaced buckets: cheap to record (one
 * increment), and mergeable, so instances can send their counts and the
 * percentile of the whole exchange is computed from the sum.
 */
export class IntervalHistogram {
  private counts = new Array<number>(INTERVAL_BUCKETS).fill(0);
  private total = 0;

  record(ms: number): void {
    const i = ms <= FIRST_MS ? 0 : Math.min(INTERVAL_BUCKETS - 1, Math.ceil(Math.log(ms / FIRST_MS) / Math.log(GROWTH)));
    this.counts[i]! += 1;
    this.total += 1;
  }

  get count(): number {
    return this.total;
  }

  /** The counts so far, as [bucket, count] pairs of the non-empty buckets; starts a new interval. */
  take(): [number, number][] {
    const sparse: [number, number][] = [];
    this.counts.forEach((n, i) => n > 0 && sparse.push([i, n]));
    this.counts.fill(0);
    this.total = 0;
    return sparse;
  }
}

/** The `q` quantile (0..1) of merged sparse counts, as the upper bound (ms) of its bucket; null without samples. */
export function quantileMs(parts: readonly (readonly [number, number])[][], q: number): number | null {
  const merged = new Array<number>(INTERVAL_BUCKETS).fill(0);
  let total = 0;
  for (const part of parts) {
    for (const [i, n] of part) {
      if (i < 0 || i >= INTERVAL_BUCKETS || !Number.isFinite(n) || n < 0) continue;
      merged[i]! += n;
      total += n;
    }
  }
  if (total === 0) return null;
  const rank = Math.ceil(q * total);
  let seen = 0;
  for (let i = 0; i < INTERVAL_BUCKETS; i += 1) {
    seen += merged[i]!;
    if (seen >= rank) return Math.round(bucketUpperMs(i) * 100) / 100;
  }
  return Math.round(bucketUpperMs(INTERVAL_BUCKETS - 1) * 100) / 100;
}
