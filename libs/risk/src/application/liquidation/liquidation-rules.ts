import { Holding, PPM, marginsOf } from '@lib/positions';

/**
 * The arithmetic of a liquidation (docs/risk.md, "Liquidation"), on
 * positions valued at the mark. Everything is in quote smallest units, price
 * units and quantity units, bigint only.
 */

/** What backs a position (or a cross account) at the mark, and what maintenance asks of it. */
export interface MarginCheck {
  /** Isolated: isolated margin + unrealized PnL; cross: the account's cash + every cross position's unrealized PnL. */
  readonly balance: bigint;
  readonly maintenance: bigint;
}

export const isLiquidatable = (check: MarginCheck) => check.balance < check.maintenance;

export function isolatedCheck(h: Holding): MarginCheck {
  const m = marginsOf(h);
  return { balance: h.record.isolatedMargin + m.unrealizedPnl, maintenance: m.maintenance };
}

/** A cross account: `cash` is its MARGIN AVAILABLE (what its orders held already released). */
export function crossCheck(cash: bigint, holdings: readonly Holding[]): MarginCheck {
  let balance = cash;
  let maintenance = 0n;
  for (const h of holdings) {
    if (h.record.marginMode !== 'CROSS' || h.record.position.size === 0n) continue;
    const m = marginsOf(h);
    balance += m.unrealizedPnl;
    maintenance += m.maintenance;
  }
  return { balance, maintenance };
}

/**
 * How much of the position one liquidation step closes: a position whose
 * notional is in the first maintenance tier closes whole; a larger one closes
 * down to the edge of the tier below (its maintenance rate falls with it), on
 * the step grid. The next step, if the account is still below maintenance,
 * takes the next tier: a liquidation never closes more than the tier rule
 * asks.
 */
export function closeQuantity(h: Holding, stepSize: bigint): bigint {
  const { size } = h.record.position;
  const whole = size < 0n ? -size : size;
  const { notional } = marginsOf(h);
  const tiers = h.terms.tiers;
  const at = tiers.findIndex((t) => t.maxNotional === null || notional <= t.maxNotional);
  if (at <= 0) return whole;
  const edge = tiers[at - 1]!.maxNotional!;
  const unit = unitOf(h);
  const keep = (edge / (h.mark * unit) / stepSize) * stepSize;
  return keep >= whole || keep === 0n ? whole : whole - keep;
}

/**
 * The worst price that closes `quantity` of the position with its loss and
 * the taker fee (at `feePpm`) within `collateral` (its bankruptcy price for
 * that quantity), on the tick grid, less a cushion of rounding: a long sells
 * at or above it, a short buys at or below it.
 */
export function bankruptcyPrice(h: Holding, quantity: bigint, collateral: bigint, feePpm: bigint, tickSize: bigint): bigint {
  const { size, entryValue } = h.record.position;
  const whole = size < 0n ? -size : size;
  const entry = quantity === whole ? entryValue : (entryValue * quantity) / whole;
  const margin = collateral > CUSHION ? collateral - CUSHION : 0n;
  const per = quantity * unitOf(h);
  if (size > 0n) {
    // quantity x P x (1 - fee) >= entry - margin
    const need = (entry - margin) * PPM;
    const raw = need <= 0n ? 0n : ceil(need, per * (PPM - feePpm));
    const price = ceil(raw, tickSize) * tickSize;
    return price > 0n ? price : tickSize;
  }
  // quantity x P x (1 + fee) <= entry + margin
  const raw = ((entry + margin) * PPM) / (per * (PPM + feePpm));
  return (raw / tickSize) * tickSize;
}

/**
 * How far past the bankruptcy price the insurance fund lets the close go:
 * `fund` covers the loss beyond the collateral of filling all of `quantity`
 * at the returned price, fees included (rounded toward the bankruptcy price).
 */
export function fundReach(h: Holding, bankruptcy: bigint, quantity: bigint, fund: bigint, feePpm: bigint, tickSize: bigint): bigint {
  if (fund <= 0n) return bankruptcy;
  const room = (fund * PPM) / (quantity * unitOf(h) * (PPM + feePpm));
  const steps = (room / tickSize) * tickSize;
  if (h.record.position.size > 0n) return bankruptcy - steps > tickSize ? bankruptcy - steps : tickSize;
  return bankruptcy + steps;
}

/** The ADL ranking of a profitable position: its unrealized PnL per unit of entry value times its leverage, as an exact fraction. */
export interface AdlScore {
  readonly numerator: bigint;
  readonly denominator: bigint;
}

export function adlScore(h: Holding): AdlScore | null {
  const m = marginsOf(h);
  if (m.unrealizedPnl <= 0n || h.record.position.entryValue === 0n) return null;
  return { numerator: m.unrealizedPnl * BigInt(h.record.leverage), denominator: h.record.position.entryValue };
}

/** Descending: the highest score first. */
export function compareScores(a: AdlScore, b: AdlScore): number {
  const left = a.numerator * b.denominator;
  const right = b.numerator * a.denominator;
  return left > right ? -1 : left < right ? 1 : 0;
}

const CUSHION = 2n;

function unitOf(h: Holding): bigint {
  return 10n ** BigInt(h.terms.quoteDecimals - h.terms.priceScale - h.terms.quantityScale);
}

function ceil(a: bigint, b: bigint): bigint {
  return a <= 0n ? 0n : (a + b - 1n) / b;
}
