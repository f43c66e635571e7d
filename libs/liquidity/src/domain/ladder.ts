import { baseUnitsOf as baseUnits, notionalOf as notional } from '@lib/kernel';
/*
 * The market maker's ladder: pure integers, no I/O. Prices are units of
 * 10^-priceScale quote, quantities units of 10^-quantityScale base, notionals
 * quote smallest units (the orders context's conventions; see docs/orders.md).
 */
import { InstrumentSpec } from '@lib/kernel';

export enum QuoteSide {
  BUY = 'BUY',
  SELL = 'SELL',
}

/** What the ladder needs to know of a market: part of the kernel's one InstrumentSpec. */
export type LadderMarket = Pick<
  InstrumentSpec,
  | 'symbol'
  | 'base'
  | 'quote'
  | 'baseDecimals'
  | 'quoteDecimals'
  | 'priceScale'
  | 'quantityScale'
  | 'tickSize'
  | 'stepSize'
  | 'minQuantity'
  | 'minNotional'
  | 'takerFeePpm'
  | 'priceBandPpm'
>;

export interface LadderParams {
  /** Levels per side. */
  readonly levels: number;
  /** Target distance between levels, basis points of the mark. */
  readonly stepBps: bigint;
  /** Target notional of one level, quote smallest units. */
  readonly levelNotional: bigint;
}

export interface Level {
  readonly side: QuoteSide;
  readonly price: bigint;
  readonly quantity: bigint;
}

export interface Ladder {
  /** Distance between two levels, a multiple of the tick. */
  readonly spacing: bigint;
  /** Best (highest) first. */
  readonly bids: readonly Level[];
  /** Best (lowest) first. */
  readonly asks: readonly Level[];
}

const PPM = 1_000_000n;
const BPS = 10_000n;

/** price x quantity in quote smallest units, and a quantity in base smallest units: the kernel's. */
export { baseUnits, notional };

/** The band the orders context enforces around the mark: [lower, upper], on the tick grid (same rounding). */
export function priceBand(m: LadderMarket, mark: bigint): { lower: bigint; upper: bigint } {
  const reach = (mark * m.priceBandPpm) / PPM;
  const upper = ((mark + reach) / m.tickSize) * m.tickSize;
  const lowerRaw = mark - reach;
  const lower = lowerRaw <= 0n ? m.tickSize : ceilTo(lowerRaw, m.tickSize);
  return { lower, upper };
}

/**
 * The largest 1, 2 or 5 x 10^k ticks not above `target` (at least one tick).
 * A round spacing keeps the grid where it is while the mark wanders, so a
 * refresh moves one level when the mark crosses a grid line instead of all.
 */
export function gridSpacing(tickSize: bigint, target: bigint): bigint {
  const ticks = target / tickSize;
  if (ticks <= 1n) return tickSize;
  let power = 1n;
  while (power * 10n <= ticks) power *= 10n;
  const lead = ticks / power;
  const round = lead >= 5n ? 5n : lead >= 2n ? 2n : 1n;
  return round * power * tickSize;
}

/** The smallest quantity on the step grid that meets the market's minimum quantity and minimum notional at `price`. */
export function minimalQuantity(m: LadderMarket, price: bigint): bigint {
  const byQuantity = ceilTo(m.minQuantity, m.stepSize);
  const perUnit = notional(m, price, 1n);
  const byNotional = ceilTo(ceilDiv(m.minNotional, perUnit), m.stepSize);
  return max(m.stepSize, max(byQuantity, byNotional));
}

/** `quoteAmount` worth of base at `price`, rounded down to the step, but never below the market's minimums. */
export function quantityFor(m: LadderMarket, price: bigint, quoteAmount: bigint): bigint {
  const perUnit = notional(m, price, 1n);
  const quantity = (quoteAmount / perUnit / m.stepSize) * m.stepSize;
  return max(quantity, minimalQuantity(m, price));
}

/**
 * `levels` bids and asks on a grid of round spacing (about `stepBps` of the
 * mark): bids on the grid lines strictly below the mark, asks strictly above,
 * so the maker's own bids and asks never cross. Levels outside the price band
 * (or at a price <= 0) are left out. Each level holds about `levelNotional`.
 */
export function buildLadder(m: LadderMarket, mark: bigint, params: LadderParams, center: bigint = mark): Ladder {
  const spacing = gridSpacing(m.tickSize, (mark * params.stepBps) / BPS);
  if (mark <= 0n || center <= 0n) return { spacing, bids: [], asks: [] };
  const band = priceBand(m, mark);
  const level = (side: QuoteSide, price: bigint): Level => ({ side, price, quantity: quantityFor(m, price, params.levelNotional) });
  const bids: Level[] = [];
  const asks: Level[] = [];
  // The grid lines around `center` (the mark, or a perpetual maker's skewed mark: inventory.ts); the band is the mark's.
  const below = ((center - 1n) / spacing) * spacing;
  const above = (center / spacing + 1n) * spacing;
  for (let i = 0n; i < BigInt(params.levels); i++) {
    const bid = below - i * spacing;
    if (bid > 0n && bid >= band.lower && bid <= band.upper) bids.push(level(QuoteSide.BUY, bid));
    const ask = above + i * spacing;
    if (ask <= band.upper && ask >= band.lower) asks.push(level(QuoteSide.SELL, ask));
  }
  return { spacing, bids, asks };
}

/** What resting a ladder locks: quote for the bids (with the taker fee, the hold's worst case) and base for the asks, smallest units. */
export function ladderFunds(m: LadderMarket, ladder: Ladder): { quote: bigint; base: bigint } {
  let quote = 0n;
  for (const bid of ladder.bids) {
    const cost = notional(m, bid.price, bid.quantity);
    quote += cost + ceilDiv(cost * m.takerFeePpm, PPM);
  }
  let base = 0n;
  for (const ask of ladder.asks) base += baseUnits(m, ask.quantity);
  return { quote, base };
}

export function ceilDiv(a: bigint, b: bigint): bigint {
  return (a + b - 1n) / b;
}

export function ceilTo(value: bigint, unit: bigint): bigint {
  return ceilDiv(value, unit) * unit;
}

function max(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}
