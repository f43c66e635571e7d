import { formatUnits } from '@lib/kernel';

/**
 * The checks of the continuous reconciliation beyond the ledger's own
 * (docs/operations.md, "Continuous reconciliation"): pure functions of what
 * the wallet, orders and positions contexts read in one snapshot. Integers
 * in, exact decimal strings out.
 */

/** An account's stored locked balance and what the wallet itself holds on it (pending withdrawals). */
export interface LockedInput {
  readonly ownerId: string;
  readonly kind: string;
  readonly asset: string;
  readonly locked: bigint;
  readonly pendingWithdrawals: bigint;
}

/** What a user's open orders hold on one account. */
export interface HoldInput {
  readonly userId: string;
  readonly account: string;
  readonly asset: string;
  readonly held: bigint;
  readonly symbols: readonly string[];
}

/** The positions of one perpetual market, summed by side. */
export interface MarketTotalsInput {
  readonly symbol: string;
  readonly asset: string;
  readonly long: bigint;
  readonly short: bigint;
  readonly longEntryValue: bigint;
  readonly shortEntryValue: bigint;
}

export interface LockedMismatch {
  readonly ownerId: string;
  readonly kind: string;
  readonly asset: string;
  /** The stored locked balance. */
  readonly locked: string;
  /** What it should be: orderHolds + pendingWithdrawals + isolatedMargin. */
  readonly expected: string;
  readonly orderHolds: string;
  readonly pendingWithdrawals: string;
  readonly isolatedMargin: string;
  /** The markets of the owner's open orders that hold on this account. */
  readonly symbols: readonly string[];
}

export interface LockedFundsSection {
  /** Accounts compared (those with something locked or something that should be). */
  readonly accounts: number;
  readonly mismatches: readonly LockedMismatch[];
}

export interface OpenInterestLine {
  readonly symbol: string;
  /** Σ size of the longs, in base units. */
  readonly long: string;
  /** Σ |size| of the shorts. */
  readonly short: string;
  readonly balanced: boolean;
}

export interface ClearingLine {
  readonly asset: string;
  /** The CLEARING account's balance. */
  readonly clearing: string;
  /** Σ entry value of the shorts − Σ entry value of the longs over the open positions settled in the asset. */
  readonly expected: string;
  readonly balanced: boolean;
}

type Scale = (code: string) => number;

/**
 * Every account's locked balance against what explains it: the holds of its
 * owner's open orders on that account, the owner's pending withdrawals
 * (SPOT), the isolated margin of the owner's positions (MARGIN). An account
 * absent from an input has 0 there. Mismatches are sorted by owner, kind, asset.
 */
export function checkLockedFunds(
  balances: readonly LockedInput[],
  holds: readonly HoldInput[],
  isolated: readonly { readonly userId: string; readonly asset: string; readonly margin: bigint }[],
  decimals: Scale,
): LockedFundsSection {
  const rows = new Map<string, { ownerId: string; kind: string; asset: string; locked: bigint; withdrawals: bigint; holds: bigint; margin: bigint; symbols: readonly string[] }>();
  const row = (ownerId: string, kind: string, asset: string) => {
    const key = `${ownerId}|${kind}|${asset}`;
    let found = rows.get(key);
    if (!found) rows.set(key, (found = { ownerId, kind, asset, locked: 0n, withdrawals: 0n, holds: 0n, margin: 0n, symbols: [] }));
    return found;
  };
  for (const b of balances) {
    const r = row(b.ownerId, b.kind, b.asset);
    r.locked += b.locked;
    r.withdrawals += b.pendingWithdrawals;
  }
  for (const h of holds) {
    const r = row(h.userId, h.account, h.asset);
    r.holds += h.held;
    r.symbols = [...new Set([...r.symbols, ...h.symbols])].sort();
  }
  for (const m of isolated) row(m.userId, 'MARGIN', m.asset).margin += m.margin;
  const mismatches = [...rows.values()]
    .filter((r) => r.locked !== r.holds + r.withdrawals + r.margin)
    .sort((a, b) => compare(a.ownerId, b.ownerId) || compare(a.kind, b.kind) || compare(a.asset, b.asset))
    .map((r) => {
      const fmt = (units: bigint) => formatUnits(units, decimals(r.asset));
      return {
        ownerId: r.ownerId,
        kind: r.kind,
        asset: r.asset,
        locked: fmt(r.locked),
        expected: fmt(r.holds + r.withdrawals + r.margin),
        orderHolds: fmt(r.holds),
        pendingWithdrawals: fmt(r.withdrawals),
        isolatedMargin: fmt(r.margin),
        symbols: r.symbols,
      };
    });
  return { accounts: rows.size, mismatches };
}

/** Per market with open positions: longs must equal shorts (sizes at the market's quantity scale). */
export function checkOpenInterest(markets: readonly MarketTotalsInput[], quantityScale: Scale): OpenInterestLine[] {
  return [...markets]
    .sort((a, b) => compare(a.symbol, b.symbol))
    .map((m) => ({ symbol: m.symbol, long: formatUnits(m.long, quantityScale(m.symbol)), short: formatUnits(m.short, quantityScale(m.symbol)), balanced: m.long === m.short }));
}

/**
 * Per settlement asset: CLEARING = Σ entry value of shorts − Σ entry value of
 * longs (docs/positions.md), over every asset with an open position or a
 * CLEARING account (an asset without open positions must have 0 there).
 */
export function checkClearing(markets: readonly MarketTotalsInput[], clearing: readonly { readonly asset: string; readonly balance: bigint }[], decimals: Scale): ClearingLine[] {
  const lines = new Map<string, { clearing: bigint; expected: bigint }>();
  const line = (asset: string) => {
    let found = lines.get(asset);
    if (!found) lines.set(asset, (found = { clearing: 0n, expected: 0n }));
    return found;
  };
  for (const c of clearing) line(c.asset).clearing += c.balance;
  for (const m of markets) line(m.asset).expected += m.shortEntryValue - m.longEntryValue;
  return [...lines.entries()]
    .sort(([a], [b]) => compare(a, b))
    .map(([asset, l]) => ({ asset, clearing: formatUnits(l.clearing, decimals(asset)), expected: formatUnits(l.expected, decimals(asset)), balanced: l.clearing === l.expected }));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
