import type { Accepted, Decision, Facts, MarketSpec, MarketView } from '@lib/orders';
import { refused } from '@lib/orders';
import type { PositionRecord } from '@lib/positions';
import { PayFunding, UserAccountKind } from '@lib/wallet';
import { RiskError, RiskErrorCode, settleFunding } from '../../domain';
import { fundingPaidEvent } from '../events';

/** What a funding time did on its market (the answer of FUND, and the funding_rates row). */
export interface FundingOutcome {
  readonly symbol: string;
  readonly fundingTime: Date;
  /** RATE_E8. */
  readonly rate: bigint;
  readonly mark: bigint;
  /** Σ what the payers paid (after the caps), quote smallest units. */
  readonly paid: bigint;
  /** Σ what the receivers got. */
  readonly received: bigint;
  /** paid - received (>= 0), to the INSURANCE_FUND. */
  readonly remainder: bigint;
  /** The open positions funded. */
  readonly positions: number;
}

/** One position's payment: signed (< 0 paid), after the caps. */
export interface FundingPayment {
  readonly record: PositionRecord;
  readonly amount: bigint;
}

/** 10^(quoteDecimals - priceScale - quantityScale): price units x quantity units x unit = quote smallest units. */
export function notionalUnit(spec: MarketSpec): bigint {
  return 10n ** BigInt(spec.quoteDecimals - spec.priceScale - spec.quantityScale);
}

/**
 * FUND (docs/risk.md, "Funding"): one funding time of one perpetual market,
 * on the open positions as the batch left them and the batch's mark.
 *
 * settleFunding gives each position its exact share (a payment rounded up, a
 * receipt down). Then the caps: an isolated payer pays at most its isolated
 * margin, a cross payer at most its MARGIN AVAILABLE (as the batch read it,
 * less the holds of earlier commands). What the payers could not pay is
 * taken from the receipts pro rata: each receipt x paid / owed, rounded
 * down. So Σ paid = Σ received + remainder, remainder >= 0 (to the
 * INSURANCE_FUND), no balance goes negative and nothing is created.
 *
 * Refused (FUNDING_NOT_READY, nothing changes) when a cross payer's funds
 * were not read (a position opened after the job listed the payers): the job
 * sends it again with that account declared.
 */
export function decideFunding(spec: MarketSpec, fundingTime: Date, rate: bigint, mark: bigint, market: MarketView, facts: Facts): Decision<FundingOutcome> {
  const rows = market.openPositions().sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
  const byUser = new Map(rows.map((r) => [r.userId, r]));
  const exact = settleFunding(
    rows.map((r) => ({ userId: r.userId, size: r.position.size })),
    mark,
    rate,
    { unit: notionalUnit(spec) },
  );

  let owed = 0n;
  let paid = 0n;
  const payers: FundingPayment[] = [];
  const receivers: FundingPayment[] = [];
  for (const { userId, amount } of exact.payments) {
    const record = byUser.get(userId)!;
    if (amount >= 0n) {
      receivers.push({ record, amount });
      continue;
    }
    const cap = capOf(spec, record, facts);
    if (cap === undefined) {
      return refused(new RiskError(RiskErrorCode.FUNDING_NOT_READY, `The funds of a payer of ${spec.symbol} were not read for its funding time`, { symbol: spec.symbol, userId }));
    }
    const pays = -amount < cap ? -amount : cap > 0n ? cap : 0n;
    owed += -amount;
    paid += pays;
    payers.push({ record, amount: -pays });
  }
  // Receipts share what was paid: x paid / owed (in a market whose long size equals its short size, Σ receipts <= owed;
  // a receipt sum beyond it, which only a broken market could give, is scaled to what was paid too).
  const due = receivers.reduce((a, r) => a + r.amount, 0n);
  const base = due > owed ? due : owed;
  let received = 0n;
  const receipts = receivers.map(({ record, amount }) => {
    const got = base === 0n ? 0n : (amount * paid) / base;
    received += got;
    return { record, amount: got };
  });
  const all = [...payers, ...receipts];
  const outcome: FundingOutcome = { symbol: spec.symbol, fundingTime, rate, mark, paid, received, remainder: paid - received, positions: rows.length };

  const payments = all.filter((p) => p.amount !== 0n);
  const intents: PayFunding[] =
    payments.length === 0 && outcome.remainder === 0n
      ? []
      : [
          {
            kind: 'PAY_FUNDING',
            symbol: spec.symbol,
            fundingTime: fundingTime.toISOString(),
            asset: spec.quote,
            payments: payments.map((p) => ({ userId: p.record.userId, amount: p.amount, isolated: p.record.marginMode === 'ISOLATED' })),
            remainder: outcome.remainder,
          },
        ];
  const positions = payments
    .filter((p) => p.record.marginMode === 'ISOLATED')
    .map((p): PositionRecord => ({ ...p.record, isolatedMargin: p.record.isolatedMargin + p.amount, updatedAt: facts.now }));
  const events = all.map(({ record, amount }) =>
    fundingPaidEvent({
      userId: record.userId,
      symbol: spec.symbol,
      asset: spec.quote,
      fundingTime: fundingTime.toISOString(),
      rate: rate.toString(),
      mark: mark.toString(),
      size: record.position.size.toString(),
      amount: amount.toString(),
      marginMode: record.marginMode,
      priceScale: spec.priceScale,
      quantityScale: spec.quantityScale,
      quoteScale: spec.quoteDecimals,
    }),
  );
  const decision: Accepted<FundingOutcome> = { kind: 'accepted', orders: [], intents, passes: [], positions, events, answer: () => outcome };
  return decision;
}

/** The most a payer can pay: an isolated position its margin, a cross one its MARGIN AVAILABLE (undefined: not read). */
function capOf(spec: MarketSpec, record: PositionRecord, facts: Facts): bigint | undefined {
  if (record.marginMode === 'ISOLATED') return record.isolatedMargin;
  return facts.availableOf({ userId: record.userId, account: UserAccountKind.MARGIN, asset: spec.quote });
}
