import type { InstrumentSpec } from '@lib/kernel';
import type { OrderHoldTotal } from '@lib/orders';
import type { PositionTotals } from '@lib/positions';
import type { ReconcileBalances, ReconcileReport } from '@lib/wallet';
import { affectedMarkets } from './affected-markets';
import { ClearingLine, LockedFundsSection, OpenInterestLine, checkClearing, checkLockedFunds, checkOpenInterest } from './reconcile-checks';

/** The last check, as GET /admin/reconciliation answers it and `onCheck` listeners receive it. */
export interface ReconciliationStatus {
  /** When it ran; null before the first check on this instance. */
  readonly checkedAt: string | null;
  /** Nothing wrong in any section (null before the first check). */
  readonly ok: boolean | null;
  /** What reading and checking the snapshot took, in ms. */
  readonly durationMs: number | null;
  /** The ledger's own report: assets whose postings do not sum to zero, accounts whose balances are not their postings, negative balances. */
  readonly report: ReconcileReport | null;
  /** Locked balances against the open orders' holds, the pending withdrawals and the isolated margins. */
  readonly lockedFunds: LockedFundsSection | null;
  /** Per perpetual market with open positions: Σ longs against Σ shorts. */
  readonly openInterest: readonly OpenInterestLine[] | null;
  /** Per settlement asset: the CLEARING balance against Σ entry value of shorts − Σ entry value of longs. */
  readonly clearing: readonly ClearingLine[] | null;
  /** The markets whose trading a finding implicates (empty when ok). */
  readonly affectedSymbols: readonly string[];
  /** The markets this check halted (RECONCILE_HALT_ON_MISMATCH). */
  readonly haltedSymbols: readonly string[];
}

export const NOT_CHECKED: ReconciliationStatus = {
  checkedAt: null,
  ok: null,
  durationMs: null,
  report: null,
  lockedFunds: null,
  openInterest: null,
  clearing: null,
  affectedSymbols: [],
  haltedSymbols: [],
};

/** What one run reads, in one snapshot. */
export interface SnapshotReads {
  readonly ledger: ReconcileReport;
  readonly balances: ReconcileBalances;
  readonly holds: readonly OrderHoldTotal[];
  readonly positions: PositionTotals;
}

export type MarketOfRun = Pick<InstrumentSpec, 'symbol' | 'kind' | 'status' | 'base' | 'quote' | 'baseDecimals' | 'quoteDecimals' | 'quantityScale'>;

export interface Evaluation {
  readonly status: Omit<ReconciliationStatus, 'checkedAt' | 'durationMs' | 'haltedSymbols'>;
  /** Per implicated market, what implicates it (the halt's reason). */
  readonly affected: ReadonlyMap<string, string[]>;
}

/** Every check over one snapshot's reads; `markets` (the catalog) gives the scales and what a finding implicates. */
export function evaluate(reads: SnapshotReads, markets: readonly MarketOfRun[]): Evaluation {
  const decimals = (asset: string): number => {
    const known = reads.balances.decimals.get(asset);
    if (known !== undefined) return known;
    const market = markets.find((m) => m.quote === asset || m.base === asset);
    return market ? (market.quote === asset ? market.quoteDecimals : market.baseDecimals) : 0;
  };
  const quantityScale = (symbol: string) => markets.find((m) => m.symbol === symbol)?.quantityScale ?? 0;
  const lockedFunds = checkLockedFunds(reads.balances.locked, reads.holds, reads.positions.isolatedMargins, decimals);
  const openInterest = checkOpenInterest(reads.positions.markets, quantityScale);
  const clearing = checkClearing(reads.positions.markets, reads.balances.clearing, decimals);
  const affected = affectedMarkets({ ledger: reads.ledger, locked: lockedFunds.mismatches, openInterest, clearing }, markets);
  const ok = reads.ledger.ok && lockedFunds.mismatches.length === 0 && openInterest.every((o) => o.balanced) && clearing.every((c) => c.balanced);
  return { status: { ok, report: reads.ledger, lockedFunds, openInterest, clearing, affectedSymbols: [...affected.keys()] }, affected };
}

/** The counts per kind, for `exchange_reconcile_problems{kind}` and the log line. */
export function problemCounts(s: ReconciliationStatus): Record<string, number> {
  return {
    unbalanced_assets: s.report?.assets.filter((a) => !a.balanced).length ?? 0,
    mismatched_accounts: s.report?.mismatchedAccounts.length ?? 0,
    negative_balances: s.report?.negativeBalances.length ?? 0,
    locked_mismatches: s.lockedFunds?.mismatches.length ?? 0,
    open_interest_imbalances: s.openInterest?.filter((o) => !o.balanced).length ?? 0,
    clearing_mismatches: s.clearing?.filter((c) => !c.balanced).length ?? 0,
  };
}
