import { Query } from '@nestjs/cqrs';

/** A perpetual market's funding as the risk context knows it now (docs/risk.md). */
export interface FundingRateView {
  readonly symbol: string;
  /** The rate of the last funding time settled (RATE_E8; 0 before the first). */
  readonly lastRateE8: bigint;
  /** The last funding time settled (null before the first). */
  readonly lastFundingTime: Date | null;
  /** The rate the samples of the running interval predict (RATE_E8). */
  readonly predictedRateE8: bigint;
  readonly nextFundingTime: Date;
  readonly intervalMs: number;
}

/** The funding of a perpetual market, from memory (MARKET_NOT_FOUND / MARKET_NOT_PERPETUAL otherwise). */
export class GetFundingRateQuery extends Query<FundingRateView> {
  constructor(readonly symbol: string) {
    super();
  }
}
