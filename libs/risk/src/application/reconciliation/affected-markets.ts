import type { InstrumentKindName, MarketStatusName } from '@lib/kernel';
import type { ReconcileReport } from '@lib/wallet';
import type { ClearingLine, LockedMismatch, OpenInterestLine } from './reconcile-checks';

/** What the reconciliation needs of a market. */
export interface MarketRef {
  readonly symbol: string;
  readonly kind: InstrumentKindName;
  readonly status: MarketStatusName;
  readonly base: string;
  readonly quote: string;
}

export interface Findings {
  readonly ledger: ReconcileReport;
  readonly locked: readonly LockedMismatch[];
  readonly openInterest: readonly OpenInterestLine[];
  readonly clearing: readonly ClearingLine[];
}

/** At most this many findings are named in one market's halt reason (then "and N more"). */
const REASONS_NAMED = 3;

/**
 * The markets whose trading a mismatch implicates, each with what implicates
 * it (one line per finding), by symbol:
 * - a user's SPOT account of an asset: the spot markets that trade it (base
 *   or quote: a sell holds the base, a buy the quote);
 * - a MARGIN account, or CLEARING, of an asset: the perpetuals settling in it;
 * - an asset whose postings do not sum to zero, or another system account
 *   (EXTERNAL, FEES, INSURANCE_FUND): every market trading or settling in it;
 * - open interest out of balance: that perpetual.
 */
export function affectedMarkets(findings: Findings, markets: readonly MarketRef[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (symbols: readonly string[], reason: string) => {
    for (const symbol of symbols) out.set(symbol, [...(out.get(symbol) ?? []), reason]);
  };
  const spot = (asset: string) => markets.filter((m) => m.kind === 'SPOT' && (m.base === asset || m.quote === asset)).map((m) => m.symbol);
  const perps = (asset: string) => markets.filter((m) => m.kind === 'PERPETUAL' && m.quote === asset).map((m) => m.symbol);
  const ofAccount = (kind: string, asset: string) => (kind === 'SPOT' ? spot(asset) : kind === 'MARGIN' || kind === 'CLEARING' ? perps(asset) : [...spot(asset), ...perps(asset)]);

  for (const a of findings.ledger.assets) if (!a.balanced) add([...spot(a.asset), ...perps(a.asset)], `${a.asset} postings sum to ${a.postingsSum}, not 0`);
  for (const m of findings.ledger.mismatchedAccounts) {
    add(ofAccount(m.kind, m.asset), `${m.kind} ${m.asset} of ${m.ownerId}: balances ${m.available}/${m.locked}, postings ${m.postedAvailable}/${m.postedLocked}`);
  }
  for (const n of findings.ledger.negativeBalances) add(ofAccount(n.kind, n.asset), `${n.kind} ${n.asset} of ${n.ownerId} negative: ${n.available}/${n.locked}`);
  for (const l of findings.locked) add(ofAccount(l.kind, l.asset), `${l.kind} ${l.asset} of ${l.ownerId}: locked ${l.locked}, expected ${l.expected}`);
  for (const o of findings.openInterest) if (!o.balanced) add([o.symbol], `${o.symbol} open interest: long ${o.long}, short ${o.short}`);
  for (const c of findings.clearing) if (!c.balanced) add(perps(c.asset), `CLEARING ${c.asset}: ${c.clearing}, expected ${c.expected}`);
  return new Map([...out.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The audit reason of a halt: `reconciliation mismatch: ` and the first findings that implicate the market. */
export function haltReason(reasons: readonly string[]): string {
  const named = reasons.slice(0, REASONS_NAMED).join('; ');
  const more = reasons.length > REASONS_NAMED ? `; and ${reasons.length - REASONS_NAMED} more` : '';
  return `reconciliation mismatch: ${named}${more}`;
}

/**
 * The markets a run halts: implicated now, not halted already, and not
 * handled by an earlier run while they stayed implicated (`handled`: a market
 * this job halted or found halted). So a market an admin reopens while its
 * mismatch persists is not halted again by the same finding; it is when the
 * mismatch clears and comes back, or on a new lease holder.
 */
export function marketsToHalt(affected: readonly string[], statusOf: (symbol: string) => MarketStatusName | undefined, handled: ReadonlySet<string>): string[] {
  return affected.filter((symbol) => !handled.has(symbol) && statusOf(symbol) !== undefined && statusOf(symbol) !== 'HALTED');
}

/** What stays handled after a run: the implicated markets that were handled, found halted or halted by it (a failed halt is tried again). */
export function nextHandled(affected: readonly string[], statusOf: (symbol: string) => MarketStatusName | undefined, handled: ReadonlySet<string>, halted: readonly string[]): Set<string> {
  return new Set(affected.filter((symbol) => handled.has(symbol) || halted.includes(symbol) || statusOf(symbol) === 'HALTED'));
}
