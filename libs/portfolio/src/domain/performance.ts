/** Bucket widths of the equity curve. */
export const PERFORMANCE_INTERVALS = { '1m': 60_000, '5m': 300_000, '15m': 900_000, '1h': 3_600_000, '4h': 14_400_000, '1d': 86_400_000 } as const;
export type PerformanceInterval = keyof typeof PERFORMANCE_INTERVALS;
/** Most buckets one request may span. */
export const MAX_PERFORMANCE_POINTS = 1000;

export interface EquityPoint {
  readonly at: Date;
  readonly equity: bigint;
  readonly cost: bigint;
  readonly realizedPnl: bigint;
}

/**
 * One point per bucket of `intervalMs` (aligned to the epoch) that holds a
 * snapshot: the last snapshot of the bucket, stamped with its own time.
 * `points` must be in time order.
 */
export function equityCurve(points: readonly EquityPoint[], intervalMs: number): EquityPoint[] {
  const width = BigInt(intervalMs);
  const out: EquityPoint[] = [];
  let lastBucket: bigint | undefined;
  for (const point of points) {
    const bucket = BigInt(point.at.getTime()) / width;
    if (bucket === lastBucket) out[out.length - 1] = point;
    else out.push(point);
    lastBucket = bucket;
  }
  return out;
}

/** How many buckets [from, to] spans. */
export function bucketCount(from: Date, to: Date, intervalMs: number): number {
  return Math.floor((to.getTime() - from.getTime()) / intervalMs) + 1;
}
