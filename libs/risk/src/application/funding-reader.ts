import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { AppConfig } from '@lib/platform';
import { nextFundingTime } from '../domain';
import { FundingRateView, GetFundingRateQuery } from './queries/get-funding-rate.query';

/**
 * A perpetual's funding as the mark price needs it: GetFundingRateQuery's
 * answer, or, when it fails (no handler yet, an unknown market), a rate of 0
 * and the configured schedule (FUNDING_INTERVAL), so the mark never waits on
 * funding.
 */
@Injectable()
export class FundingReader {
  constructor(
    private readonly queries: QueryBus,
    private readonly config: AppConfig,
  ) {}

  async read(symbol: string, at: Date): Promise<FundingRateView> {
    try {
      return await this.queries.execute(new GetFundingRateQuery(symbol));
    } catch {
      const intervalMs = this.config.risk.fundingIntervalMs;
      return { symbol, lastRateE8: 0n, predictedRateE8: 0n, lastFundingTime: null, nextFundingTime: nextFundingTime(at, intervalMs), intervalMs };
    }
  }
}
