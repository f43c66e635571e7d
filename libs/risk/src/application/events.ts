import type { NewIntegrationEvent } from '@lib/platform';

/*
 * The risk context's integration events (docs/events.md). Integers as
 * strings with their scales, as positions.PositionChanged: the rate at 10^-8
 * (`rateScale`), the mark at `priceScale`, the size at `quantityScale`, the
 * amount at `quoteScale`.
 */
export const FUNDING_PAID = 'risk.FundingPaid';
export const RISK_EVENT_VERSION = 1;

/** One position's payment at one funding time of its market. */
export type FundingPaidV1 = {
  readonly version: 1;
  readonly userId: string;
  readonly symbol: string;
  readonly asset: string;
  /** ISO 8601: the funding time settled. */
  readonly fundingTime: string;
  /** The rate of the interval, signed (> 0: longs pay). */
  readonly rate: string;
  readonly mark: string;
  /** The position's signed size at the funding time. */
  readonly size: string;
  /** Signed: < 0 paid, > 0 received (after the caps: docs/risk.md). */
  readonly amount: string;
  readonly marginMode: string;
  readonly rateScale: 8;
  readonly priceScale: number;
  readonly quantityScale: number;
  readonly quoteScale: number;
};

declare module '@lib/platform' {
  interface IntegrationEventMap {
    [FUNDING_PAID]: FundingPaidV1;
  }
}

export type FundingPaidFields = Omit<FundingPaidV1, 'version' | 'rateScale'>;

export function fundingPaidEvent(fields: FundingPaidFields): NewIntegrationEvent<typeof FUNDING_PAID> {
  return { type: FUNDING_PAID, payload: { version: RISK_EVENT_VERSION, rateScale: 8, ...fields } };
}
