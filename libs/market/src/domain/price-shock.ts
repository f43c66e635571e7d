import { AmountError, parsePositiveUnits, parseSignedUnits } from '@lib/kernel';
import { Instrument } from './instrument';
import { MarketError, MarketErrorCode } from './market.error';

/**
 * The price an admin moves a market's simulated feed to (a demo or test
 * "price shock"): a positive decimal on the market's tick grid, in the
 * market's price units. Anything else is INVALID_MARKET_SPEC (field `price`).
 */
export function shockPrice(instrument: Pick<Instrument, 'symbol' | 'priceScale' | 'tickSize'>, input: unknown): bigint {
  let price: bigint;
  try {
    price = parsePositiveUnits(input, instrument.priceScale);
  } catch (error) {
    if (error instanceof AmountError) throw invalidPrice(error.reason, error.message);
    throw error;
  }
  if (price % instrument.tickSize !== 0n) {
    throw invalidPrice('OFF_TICK', `must be a multiple of ${instrument.symbol}'s tick size`);
  }
  return price;
}

function invalidPrice(reason: string, message: string): MarketError {
  return new MarketError(MarketErrorCode.INVALID_MARKET_SPEC, `price: ${message}`, { field: 'price', reason });
}

/** Percent shocks are read at 10^-4 percent: "-10" = -100_000n, "0.5" = 5_000n. */
export const PERCENT_SCALE = 4;
const HUNDRED_PERCENT = 100n * 10n ** BigInt(PERCENT_SCALE);
/** A shock may raise the index up to 11x (+1000 %) and lower it by less than 100 %. */
const MAX_PERCENT = 1000n * 10n ** BigInt(PERCENT_SCALE);

/** An admin's percent move (a non-zero decimal string, up to 4 decimals, in (-100, 1000]) at 10^-4 percent; INVALID_MARKET_SPEC (field `percent`) otherwise. */
export function shockPercent(input: unknown): bigint {
  let percent: bigint;
  try {
    percent = parseSignedUnits(input, PERCENT_SCALE);
  } catch (error) {
    if (error instanceof AmountError) throw invalid('percent', error.reason, `percent: ${error.message}`);
    throw error;
  }
  if (percent <= -HUNDRED_PERCENT || percent > MAX_PERCENT) throw invalid('percent', 'OUT_OF_RANGE', 'percent: must be above -100 and at most 1000');
  return percent;
}

/** `from` moved by `percent` (10^-4 %), rounded half up to the tick, at least one tick. Exact. */
export function shockTarget(from: bigint, percent: bigint, tickSize: bigint): bigint {
  const numerator = from * (HUNDRED_PERCENT + percent);
  const denominator = HUNDRED_PERCENT * tickSize;
  const ticks = (2n * numerator + denominator) / (2n * denominator);
  return (ticks > 0n ? ticks : 1n) * tickSize;
}

/**
 * A linear move from `from` to `to` (both on the tick grid) between `startMs`
 * and `endMs`: at `nowMs` the price is `from` plus the elapsed share of the
 * move, in whole ticks, truncated toward `from`; `to` from `endMs` on. Exact.
 */
export function rampPrice(from: bigint, to: bigint, startMs: number, endMs: number, nowMs: number, tickSize: bigint): bigint {
  if (nowMs >= endMs) return to;
  if (nowMs <= startMs) return from;
  const moveTicks = (to - from) / tickSize;
  return from + ((moveTicks * BigInt(nowMs - startMs)) / BigInt(endMs - startMs)) * tickSize;
}

function invalid(field: string, reason: string, message: string): MarketError {
  return new MarketError(MarketErrorCode.INVALID_MARKET_SPEC, message, { field, reason });
}
