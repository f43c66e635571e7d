import { Injectable } from '@nestjs/common';
import { Clock } from '@lib/kernel';
import { AppConfig } from '@lib/platform';
import { FundingTerms, fundingRate, lastFundingTime, nextFundingTime } from '../../domain';
import { FundingRecord, FundingRepository } from '../ports/funding.repository.port';

/** How long the last settled funding time of a market is kept in memory at most. */
const SETTLED_CACHE_MS = 1000;

/**
 * The funding rates of the markets: an interval's rate is fundingRate of its
 * stored premium samples (the interval (T - interval, T]) with the configured
 * interest, clamp and cap. The predicted rate of the running interval is
 * kept in memory for a sampling period, the last settled one for a second
 * (the mark price reads them on every feed tick; another instance may settle).
 */
@Injectable()
export class FundingRates {
  private readonly predicted = new Map<string, { readonly rate: bigint; readonly until: number }>();
  private readonly settled = new Map<string, { readonly record: FundingRecord | null; readonly until: number }>();

  constructor(
    private readonly config: AppConfig,
    private readonly repository: FundingRepository,
    private readonly clock: Clock,
  ) {}

  get intervalMs(): number {
    return this.config.risk.fundingIntervalMs;
  }

  get terms(): FundingTerms {
    const { interestRateE8, clampE8, capE8 } = this.config.risk;
    return { interest: interestRateE8, clampBand: clampE8, cap: capE8 };
  }

  /** The rate of the interval that ends at `fundingTime` (RATE_E8). */
  async rateOf(symbol: string, fundingTime: Date): Promise<bigint> {
    const samples = await this.repository.samples(symbol, new Date(fundingTime.getTime() - this.intervalMs), fundingTime);
    return fundingRate(samples, this.terms);
  }

  /** The rate the running interval's samples give so far. */
  async predictedRate(symbol: string): Promise<bigint> {
    const now = this.clock.now().getTime();
    const cached = this.predicted.get(symbol);
    if (cached && cached.until > now) return cached.rate;
    const rate = await this.rateOf(symbol, nextFundingTime(new Date(now), this.intervalMs));
    this.predicted.set(symbol, { rate, until: now + this.config.risk.premiumSampleMs });
    return rate;
  }

  /** The latest settled funding time (null before the first). */
  async lastSettled(symbol: string): Promise<FundingRecord | null> {
    const now = this.clock.now().getTime();
    const cached = this.settled.get(symbol);
    if (cached && cached.until > now) return cached.record;
    const record = await this.repository.last(symbol);
    // Until the next funding time could change it, and at most a second (a settlement by another instance).
    const until = Math.min(nextFundingTime(new Date(now), this.intervalMs).getTime(), now + SETTLED_CACHE_MS);
    this.settled.set(symbol, { record, until });
    return record;
  }

  /** A funding time was found settled by someone else: read it again. */
  forget(symbol: string): void {
    this.settled.delete(symbol);
  }

  /** A funding time of this process settled: the cache takes it at once. */
  noteSettled(record: FundingRecord): void {
    const current = this.settled.get(record.symbol)?.record;
    if (!current || current.fundingTime < record.fundingTime) this.settled.set(record.symbol, { record, until: this.clock.now().getTime() + SETTLED_CACHE_MS });
  }

  /** The funding times due now: the latest at or before now. */
  latestDue(): Date {
    return lastFundingTime(this.clock.now(), this.intervalMs);
  }
}
