import { formatUnits } from '@lib/kernel';
import type { FundingPaidV1 } from './events';

/** One position's funding payment, in decimal strings (the /user `funding` message). */
export interface FundingPaymentView {
  readonly symbol: string;
  readonly asset: string;
  /** ISO 8601. */
  readonly fundingTime: string;
  /** The interval's rate, 8 decimals: > 0 longs pay. */
  readonly rate: string;
  readonly mark: string;
  /** Signed: > 0 long. */
  readonly size: string;
  /** Signed, in the settlement asset: < 0 paid, > 0 received. */
  readonly amount: string;
  readonly marginMode: string;
}

export function fundingViewOf(p: FundingPaidV1): FundingPaymentView {
  return {
    symbol: p.symbol,
    asset: p.asset,
    fundingTime: p.fundingTime,
    rate: formatUnits(BigInt(p.rate), p.rateScale),
    mark: formatUnits(BigInt(p.mark), p.priceScale),
    size: formatUnits(BigInt(p.size), p.quantityScale),
    amount: formatUnits(BigInt(p.amount), p.quoteScale),
    marginMode: p.marginMode,
  };
}
