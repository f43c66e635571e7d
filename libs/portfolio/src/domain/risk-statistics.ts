/*
 * The float64 statistics of a return series (docs/analytics.md, "Portfolio
 * risk"): plain sums in index order, so the same inputs give the same bits on
 * every machine.
 */

export function mean(xs: readonly number[]): number {
  if (xs.length === 0) throw new RangeError('the mean of nothing');
  let sum = 0;
  for (const x of xs) sum += x;
  return sum / xs.length;
}

/** Σ (x − x̄)(y − ȳ) / (n − 1); n >= 2, same lengths. */
export function sampleCovariance(xs: readonly number[], ys: readonly number[]): number {
  if (xs.length !== ys.length) throw new RangeError('series of different lengths');
  if (xs.length < 2) throw new RangeError('a sample statistic needs two values');
  const mx = mean(xs);
  const my = mean(ys);
  let sum = 0;
  for (let i = 0; i < xs.length; i++) sum += (xs[i]! - mx) * (ys[i]! - my);
  return sum / (xs.length - 1);
}

/** Sample standard deviation: √(Σ (x − x̄)² / (n − 1)). */
export function sampleStdev(xs: readonly number[]): number {
  return Math.sqrt(sampleCovariance(xs, xs));
}

/** Downside deviation over every day: √(Σ min(x, 0)² / n). */
export function downsideDeviation(xs: readonly number[]): number {
  if (xs.length === 0) throw new RangeError('the downside deviation of nothing');
  let sum = 0;
  for (const x of xs) if (x < 0) sum += x * x;
  return Math.sqrt(sum / xs.length);
}

/** cov(x, b) / var(b); null when the benchmark does not move (var(b) = 0). */
export function beta(xs: readonly number[], benchmark: readonly number[]): number | null {
  const variance = sampleCovariance(benchmark, benchmark);
  return variance === 0 ? null : sampleCovariance(xs, benchmark) / variance;
}
