import { formatUnits } from '@lib/kernel';

/** Open, high and low of the last 24 hours (price units). */
export interface DayStats {
  readonly open: bigint;
  readonly high: bigint;
  readonly low: bigint;
}

/** Stats including the latest price. */
export function withPrice(stats: DayStats | undefined, price: bigint): DayStats {
  if (!stats) return { open: price, high: price, low: price };
  return { open: stats.open, high: price > stats.high ? price : stats.high, low: price < stats.low ? price : stats.low };
}

/**
 * The change from `open` to `last` in percent with 2 decimals, rounded half
 * away from zero: percentChange(100n, 101n) === "1.00", (3n, 2n) === "-33.33".
 */
export function percentChange(open: bigint, last: bigint): string {
  if (open <= 0n) throw new RangeError('open must be positive');
  const diff = last - open;
  const magnitude = diff < 0n ? -diff : diff;
  // Percent with 2 decimals = diff / open x 10^4, rounded half up on the magnitude.
  const basisPoints = (magnitude * 10_000n * 2n + open) / (2n * open);
  return (diff < 0n && basisPoints > 0n ? '-' : '') + formatUnits(basisPoints, 2);
}

/** Compares two percent strings numerically without floating point (for rankings). */
export function comparePercent(a: string, b: string): number {
  const units = (s: string): bigint => {
    const negative = s.startsWith('-');
    const [whole, fraction = ''] = (negative ? s.slice(1) : s).split('.');
    const value = BigInt(whole!) * 100n + BigInt(fraction.padEnd(2, '0').slice(0, 2));
    return negative ? -value : value;
  };
  const x = units(a);
  const y = units(b);
  return x === y ? 0 : x < y ? -1 : 1;
}
