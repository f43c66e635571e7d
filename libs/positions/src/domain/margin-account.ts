import { InstrumentScales, notionalOf } from '@lib/kernel';
import { MarginTier, initialMargin, maintenanceMargin } from './margin-tiers';
import { unrealizedPnl } from './position';
import { PositionRecord } from './position-record';

/** What the margin arithmetic needs of a perpetual market. */
export interface PerpTerms extends InstrumentScales {
  readonly symbol: string;
  readonly tickSize: bigint;
  readonly maxLeverage: number;
  readonly tiers: readonly MarginTier[];
}

/** A position with its market and mark price: what its margin is computed from. */
export interface Holding {
  readonly record: PositionRecord;
  readonly terms: PerpTerms;
  readonly mark: bigint;
}

/** One position valued at the mark (quote smallest units). */
export interface PositionMargins {
  readonly notional: bigint;
  readonly unrealizedPnl: bigint;
  /** notional / leverage, rounded up. */
  readonly initial: bigint;
  readonly maintenance: bigint;
}

export function marginsOf(h: Holding): PositionMargins {
  const { size } = h.record.position;
  const notional = notionalOf(h.terms, h.mark, size < 0n ? -size : size);
  return {
    notional,
    unrealizedPnl: unrealizedPnl(h.terms, h.record.position, h.mark),
    initial: initialMargin(notional, BigInt(h.record.leverage)),
    maintenance: maintenanceMargin(h.terms.tiers, notional),
  };
}

const open = (holdings: readonly Holding[]) => holdings.filter((h) => h.record.position.size !== 0n);
const cross = (holdings: readonly Holding[]) => open(holdings).filter((h) => h.record.marginMode === 'CROSS');

/**
 * What the account may still hold for new orders, given the MARGIN account's
 * AVAILABLE bucket (cash not held by orders nor assigned to isolated
 * positions): AVAILABLE + Σ over cross positions (unrealized PnL - initial
 * margin). Unrealized profit may back the initial margin of positions; a hold
 * is always ledger cash, so it never exceeds AVAILABLE. Negative when the
 * cross positions need more than the account has.
 */
export function availableMargin(available: bigint, holdings: readonly Holding[]): bigint {
  let adjustment = 0n;
  for (const h of cross(holdings)) {
    const m = marginsOf(h);
    adjustment += m.unrealizedPnl - m.initial;
  }
  return adjustment < 0n ? available + adjustment : available;
}

/** What may leave the MARGIN account (a transfer out): as availableMargin, but unrealized profit never counts. Never negative. */
export function transferableMargin(available: bigint, holdings: readonly Holding[]): bigint {
  let adjustment = 0n;
  for (const h of cross(holdings)) {
    const m = marginsOf(h);
    adjustment += (m.unrealizedPnl < 0n ? m.unrealizedPnl : 0n) - m.initial;
  }
  const free = available + adjustment;
  return free < 0n ? 0n : free > available ? available : free;
}

/** The account's figures for one settlement asset (GET /account/margin). */
export interface AccountMargin {
  /** AVAILABLE + LOCKED of the MARGIN account: cash, with what orders hold and isolated margins. */
  readonly walletBalance: bigint;
  readonly unrealizedPnl: bigint;
  /** walletBalance + unrealizedPnl. */
  readonly marginBalance: bigint;
  /** Positions' initial margin (cross at the mark; isolated: what is assigned) plus what open orders hold. */
  readonly initialMargin: bigint;
  readonly maintenanceMargin: bigint;
  readonly available: bigint;
  /** maintenance / margin balance in ppm; null without maintenance (no position). */
  readonly marginRatioPpm: bigint | null;
}

export function accountMargin(balance: { available: bigint; locked: bigint }, holdings: readonly Holding[]): AccountMargin {
  let unrealized = 0n;
  let initial = 0n;
  let maintenance = 0n;
  for (const h of open(holdings)) {
    const m = marginsOf(h);
    unrealized += m.unrealizedPnl;
    maintenance += m.maintenance;
    if (h.record.marginMode === 'CROSS') initial += m.initial;
  }
  const walletBalance = balance.available + balance.locked;
  const marginBalance = walletBalance + unrealized;
  const available = availableMargin(balance.available, holdings);
  return {
    walletBalance,
    unrealizedPnl: unrealized,
    marginBalance,
    // LOCKED is what orders hold plus the isolated margins: all of it is initial margin.
    initialMargin: initial + balance.locked,
    maintenanceMargin: maintenance,
    available: available < 0n ? 0n : available,
    marginRatioPpm: maintenance === 0n ? null : marginBalance <= 0n ? null : (maintenance * 1_000_000n + marginBalance - 1n) / marginBalance,
  };
}

/**
 * The mark price at which a position's collateral no longer covers its
 * maintenance margin, on the tier that price falls in: isolated, the
 * collateral is its isolated margin; cross, the account's AVAILABLE plus the
 * other cross positions' (unrealized PnL - maintenance) held at their
 * current values. Long: P = (entryValue - collateral - amount) / (|size| x
 * (1 - rate)); short: P = (entryValue + collateral + amount) / (|size| x
 * (1 + rate)), in price units (rounded towards the mark: never later than the
 * true price). Null when flat, or when no price liquidates it (a long
 * covered all the way to zero).
 */
export function liquidationPrice(h: Holding, collateral: bigint): bigint | null {
  const { size, entryValue } = h.record.position;
  if (size === 0n) return null;
  const qty = size < 0n ? -size : size;
  // notional = P x qty x unit, in quote smallest units.
  const unit = 10n ** BigInt(h.terms.quoteDecimals - h.terms.priceScale - h.terms.quantityScale);
  const PPM = 1_000_000n;
  let amountPpm = 0n;
  let previousRate = 0n;
  let edge = 0n;
  for (const tier of h.terms.tiers) {
    amountPpm += edge * (tier.rate - previousRate);
    // Solve with this tier's rate and amount (ppm-scaled throughout), then check the price is in the tier.
    let price: bigint;
    if (size > 0n) {
      const numerator = (entryValue - collateral) * PPM - amountPpm;
      const denominator = qty * unit * (PPM - tier.rate);
      if (numerator <= 0n) return null;
      price = (numerator + denominator - 1n) / denominator;
    } else {
      const numerator = (entryValue + collateral) * PPM + amountPpm;
      const denominator = qty * unit * (PPM + tier.rate);
      price = numerator / denominator;
    }
    const notional = price * qty * unit;
    if (tier.maxNotional === null || notional <= tier.maxNotional) return price > 0n ? price : null;
    previousRate = tier.rate;
    edge = tier.maxNotional;
  }
  return null;
}

/** The collateral liquidationPrice uses for a position (see there). */
export function collateralOf(h: Holding, available: bigint, holdings: readonly Holding[]): bigint {
  if (h.record.marginMode === 'ISOLATED') return h.record.isolatedMargin;
  let collateral = available;
  for (const other of cross(holdings)) {
    if (other.record.symbol === h.record.symbol) continue;
    const m = marginsOf(other);
    collateral += m.unrealizedPnl - m.maintenance;
  }
  return collateral;
}
