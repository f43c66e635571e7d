import { mulDivUp, notionalOf } from '@lib/kernel';

/** Fee rates in parts per million of the notional, like the instruments' ("0.001" = 1000n). */
export const PPM = 1_000_000n;
const BPS = 10_000n;

/** What the simulator needs of a market: its integer rules (the kernel's InstrumentSpec, in part). */
export interface MarketRules {
  readonly kind: 'SPOT' | 'PERPETUAL';
  readonly priceScale: number;
  readonly quantityScale: number;
  readonly quoteDecimals: number;
  readonly tickSize: bigint;
  readonly stepSize: bigint;
  readonly minQuantity: bigint;
  readonly minNotional: bigint;
}

/**
 * The price a market order fills at: the candle's open moved by the slippage
 * against the trader (a buy up, a sell down), then onto the tick grid against
 * the trader too (a buy rounds up, a sell down; never below one tick).
 */
export function fillPrice(rules: MarketRules, open: bigint, buy: boolean, slippageBps: bigint): bigint {
  const tick = rules.tickSize;
  if (buy) {
    const moved = mulDivUp(open, BPS + slippageBps, BPS);
    return ((moved + tick - 1n) / tick) * tick;
  }
  const moved = (open * (BPS - slippageBps)) / BPS;
  const down = (moved / tick) * tick;
  return down < tick ? tick : down;
}

/** The taker fee on a fill's notional, rounded up like live trading (orders' feeOn: fees favour the platform). */
export function feeOf(notional: bigint, feePpm: bigint): bigint {
  return mulDivUp(notional, feePpm, PPM);
}

/**
 * The largest quantity (a multiple of the step) whose notional at `price`
 * plus its fee fits in `budget` (quote smallest units); 0 when it is below the
 * market's minimum quantity or notional (the order would be refused live).
 */
export function quantityFor(rules: MarketRules, budget: bigint, price: bigint, feePpm: bigint): bigint {
  if (budget <= 0n) return 0n;
  const perUnit = notionalOf(rules, price, 1n);
  let q = (budget * PPM) / (perUnit * (PPM + feePpm));
  q -= q % rules.stepSize;
  // The fee rounds up: one step less when that unit of rounding overflows the budget.
  while (q > 0n && notionalOf(rules, price, q) + feeOf(notionalOf(rules, price, q), feePpm) > budget) q -= rules.stepSize;
  if (q < rules.minQuantity || notionalOf(rules, price, q) < rules.minNotional) return 0n;
  return q;
}
