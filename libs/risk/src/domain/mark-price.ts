import { RATE_E8, floorDiv } from './rates';

export interface MarkInputs {
  /** The index (price units). */
  readonly index: bigint;
  /** The last funding rate (RATE_E8). */
  readonly fundingRate: bigint;
  /** Time left to the next funding, and the interval (ms). */
  readonly msToFunding: bigint;
  readonly intervalMs: bigint;
  /** The moving average of (perp mid - index) over the window (price units, signed), or null without a two-sided book. */
  readonly basis: bigint | null;
  /** The last trade price, or null before the first trade. */
  readonly lastTrade: bigint | null;
  readonly tickSize: bigint;
}

/**
 * The mark price of a perpetual (docs/risk.md): the median of
 *   1. index x (1 + funding rate x time left / interval)  (the funding basis),
 *   2. index + the moving average of the basis (perp mid - index),
 *   3. the last trade price;
 * a missing one (no book, no trade yet) is replaced by the index, so a quiet
 * market marks at its index. Rounded down to the tick.
 */
export function markPrice(m: MarkInputs): bigint {
  if (m.index <= 0n || m.intervalMs <= 0n) throw new RangeError('an index and an interval are positive');
  const fundingBasis = m.index + floorDiv(m.index * m.fundingRate * m.msToFunding, RATE_E8 * m.intervalMs);
  const candidates = [fundingBasis, m.basis === null ? m.index : m.index + m.basis, m.lastTrade ?? m.index].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const median = candidates[1]!;
  const onTick = floorDiv(median, m.tickSize) * m.tickSize;
  return onTick > 0n ? onTick : m.tickSize;
}
