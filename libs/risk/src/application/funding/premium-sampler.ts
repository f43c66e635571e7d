import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Clock, parseUnits } from '@lib/kernel';
import { GetMarkPriceQuery, Instrument } from '@lib/market';
import { GetOrderBookQuery } from '@lib/orders';
import { AppConfig, LeadershipService, LeasedLoop } from '@lib/platform';
import { Level, impactPrice, premiumSample } from '../../domain';
import { notionalUnit } from '../deciders/fund.decider';
import { FundingRepository } from '../ports/funding.repository.port';
import { PerpetualMarkets } from './perpetual-markets';

export const PREMIUM_LEASE = 'risk.premium';
/** Levels read per side: enough for any sane impact notional; a thinner side contributes nothing. */
const DEPTH = 500;
/** Samples are kept this many intervals back (an interval being settled late still has its own). */
const KEEP_INTERVALS = 4;

/**
 * Samples the premium index of every TRADING perpetual market every
 * FUNDING_SAMPLE_MS, on one instance (lease `risk.premium`): the impact bid
 * and ask of the book (GetOrderBookQuery) against the index (GetMarkPriceQuery),
 * premiumSample, stored (risk.premium_samples) so a restart or a new leader
 * keeps the interval's samples. A market the feed has not priced is skipped.
 */
@Injectable()
export class PremiumSampler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('PremiumSampler');
  private readonly loop: LeasedLoop;
  private lastPrune = 0;

  constructor(
    private readonly config: AppConfig,
    private readonly leadership: LeadershipService,
    private readonly markets: PerpetualMarkets,
    private readonly queries: QueryBus,
    private readonly samples: FundingRepository,
    private readonly clock: Clock,
  ) {
    this.loop = new LeasedLoop(PREMIUM_LEASE, config.risk.premiumSampleMs, () => this.sampleAll(), this.logger);
  }

  onApplicationBootstrap(): void {
    if (this.config.risk.fundingEnabled) this.loop.start(this.leadership);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  /** One round: a sample per TRADING perpetual market (one market's failure does not stop the others). */
  async sampleAll(): Promise<void> {
    const now = this.clock.now();
    for (const market of await this.markets.list({ trading: true })) {
      try {
        const premium = await this.premiumOf(market);
        if (premium !== null) await this.samples.addSample(market.symbol, now, premium);
      } catch (error) {
        this.logger.warn(`no premium sample of ${market.symbol}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    const { fundingIntervalMs } = this.config.risk;
    if (now.getTime() - this.lastPrune >= fundingIntervalMs) {
      this.lastPrune = now.getTime();
      await this.samples.pruneSamples(new Date(now.getTime() - KEEP_INTERVALS * fundingIntervalMs));
    }
  }

  /** The market's premium now (RATE_E8); null before the feed priced its index. */
  async premiumOf(market: Instrument): Promise<bigint | null> {
    let index: bigint;
    try {
      index = (await this.queries.execute(new GetMarkPriceQuery(market.symbol))).index;
    } catch {
      return null;
    }
    if (index <= 0n) return null;
    const depth = await this.queries.execute(new GetOrderBookQuery(market.symbol, DEPTH));
    const levels = (side: readonly (readonly [string, string])[]): Level[] => side.map(([p, q]) => [parseUnits(p, market.priceScale), parseUnits(q, market.quantityScale)]);
    const notional = this.config.risk.impactNotional * 10n ** BigInt(market.quoteDecimals);
    const scale = { unit: notionalUnit(market) };
    const bid = impactPrice(levels(depth.bids), notional, scale, 'BID');
    const ask = impactPrice(levels(depth.asks), notional, scale, 'ASK');
    return premiumSample(index, bid, ask);
  }
}
