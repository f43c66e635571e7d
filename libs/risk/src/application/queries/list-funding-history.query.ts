import { Query } from '@nestjs/cqrs';
import type { Instrument } from '@lib/market';
import type { FundingRecord } from '../ports/funding.repository.port';

export interface FundingHistoryView {
  /** The market (its scales format the amounts). */
  readonly market: Instrument;
  readonly items: readonly FundingRecord[];
  readonly next: string | null;
}

/** A perpetual market's settled funding times, newest first (MARKET_NOT_FOUND / MARKET_NOT_PERPETUAL / INVALID_CURSOR). */
export class ListFundingHistoryQuery extends Query<FundingHistoryView> {
  constructor(
    readonly symbol: string,
    readonly limit: number,
    readonly cursor?: string,
  ) {
    super();
  }
}
