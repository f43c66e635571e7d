import { mulDivUp } from '@lib/kernel';

/** Rates are parts per million of the notional. */
export const PPM = 1_000_000n;

/** A maintenance tier: its rate applies to a position's notional up to `maxNotional` (quote smallest units; null: no end). */
export interface MarginTier {
  readonly maxNotional: bigint | null;
  readonly rate: bigint;
}

/**
 * Maintenance margin by tiers, continuous at the tiers' edges (Binance's
 * "maintenance amount"): in tier i, MM = notional x rate_i - amount_i, where
 * amount_0 = 0 and amount_i = amount_(i-1) + edge_i x (rate_i - rate_(i-1)),
 * edge_i being the previous tier's maxNotional. So the requirement never
 * jumps when a position grows into the next tier. Exact in ppm, rounded up
 * (in the platform's favour).
 */
export function maintenanceMargin(tiers: readonly MarginTier[], notional: bigint): bigint {
  if (notional < 0n) throw new RangeError('a notional is not negative');
  let amountPpm = 0n;
  let previousRate = 0n;
  let edge = 0n;
  for (const tier of tiers) {
    amountPpm += edge * (tier.rate - previousRate);
    if (tier.maxNotional === null || notional <= tier.maxNotional) return ceilDiv(notional * tier.rate - amountPpm, PPM);
    previousRate = tier.rate;
    edge = tier.maxNotional;
  }
  throw new RangeError('the last maintenance tier must have no end');
}

/** Initial margin of a notional at a leverage: notional / leverage, rounded up. */
export function initialMargin(notional: bigint, leverage: bigint): bigint {
  if (leverage < 1n) throw new RangeError('leverage is at least 1');
  return mulDivUp(notional, 1n, leverage);
}

/**
 * The leverage bracket of a tier: the highest leverage whose initial margin
 * is at least twice the tier's maintenance rate, floor(1 / (2 x rate)) (0.4 %
 * -> 125x, 1 % -> 50x, 2.5 % -> 20x, as exchanges publish them).
 */
export function tierMaxLeverage(tier: MarginTier): bigint {
  return tier.rate <= 0n ? BigInt(Number.MAX_SAFE_INTEGER) : PPM / (2n * tier.rate);
}

/**
 * The largest position notional allowed at `leverage` (quote smallest units;
 * null: no limit): the end of the last tier whose bracket still allows that
 * leverage. A higher leverage is allowed only on a smaller position. With no
 * tier allowing it (a market's maxLeverage above its first bracket), the
 * first tier's end.
 */
export function maxNotionalAt(tiers: readonly MarginTier[], leverage: number): bigint | null {
  if (tiers.length === 0) return null;
  let allowed: MarginTier | undefined;
  for (const tier of tiers) if (tierMaxLeverage(tier) >= BigInt(leverage)) allowed = tier;
  return (allowed ?? tiers[0]!).maxNotional;
}

function ceilDiv(a: bigint, b: bigint): bigint {
  return a <= 0n ? 0n : (a + b - 1n) / b;
}
