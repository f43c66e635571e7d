import type { QueryBus } from '@nestjs/cqrs';
import { FixedClock } from '@lib/kernel';
import type { AppConfig, LeadershipService } from '@lib/platform';
import { PERP, dollars } from '@lib/orders/testing';
import type { FundingRecord, FundingRepository } from '../ports/funding.repository.port';
import { FundingJob } from './funding-job';
import type { FundingRates } from './funding-rates';
import type { FundingSettler } from './funding-settler';
import type { PerpetualMarkets } from './perpetual-markets';
import { PremiumSampler } from './premium-sampler';

const H = 3_600_000;
const config = { risk: { fundingIntervalMs: 8 * H, premiumSampleMs: 5000, impactNotional: 1000n } } as unknown as AppConfig;
const T = new Date('2026-12-06T08:00:00.000Z');

describe('FundingJob.dueTimes: the catch-up rule', () => {
  const job = (last: Date | null) =>
    new FundingJob(
      config,
      {} as LeadershipService,
      {} as PerpetualMarkets,
      { last: () => Promise.resolve(last ? ({ fundingTime: last } as FundingRecord) : null) } as unknown as FundingRepository,
      {} as FundingRates,
      {} as FundingSettler,
    );
  const at = (k: number) => new Date(T.getTime() + k * 8 * H);

  it('a market never settled starts at the latest due time', async () => {
    expect(await job(null).dueTimes('BTC-PERP', T)).toEqual([T]);
  });

  it('settles the times after the latest recorded, oldest first, nothing when it is the latest due', async () => {
    expect(await job(at(-2)).dueTimes('BTC-PERP', T)).toEqual([at(-1), T]);
    expect(await job(T).dueTimes('BTC-PERP', T)).toEqual([]);
  });

  it('after a long outage, only the last 3 missed times', async () => {
    expect(await job(at(-10)).dueTimes('BTC-PERP', T)).toEqual([at(-2), at(-1), T]);
  });
});

describe('PremiumSampler.premiumOf: the impact prices of the book against the index', () => {
  // BTC-PERP: prices in cents, quantities in 1e-4 BTC, USDT 6 decimals; impact notional 1 000 USDT.
  const sampler = (index: bigint, bids: [string, string][], asks: [string, string][]) =>
    new PremiumSampler(
      config,
      {} as LeadershipService,
      {} as PerpetualMarkets,
      {
        execute: (q: object) => Promise.resolve(q.constructor.name === 'GetMarkPriceQuery' ? { index } : { bids, asks }),
      } as unknown as QueryBus,
      {} as FundingRepository,
      new FixedClock(T),
    );
  const market = { ...PERP, priceScale: 2, quantityScale: 4, quoteDecimals: 6 } as never;

  it('a book above the index: the impact bid over it gives a positive premium (rounded toward zero)', async () => {
    // 0.01 BTC at 50 100 (501 USDT), then 50 050: the impact bid fills 1 000 USDT: 0.01 + 499/50 050 BTC.
    const premium = await sampler(dollars(50_000n), [['50100.00', '0.0100'], ['50050.00', '1.0000']], [['50200.00', '1.0000']]).premiumOf(market);
    // impact bid = floor(1000e6 x 5005000 / (100 x 5005000 + 499e6)) = floor(5 007 503.75) cents → (50 075.03 - 50 000) / 50 000.
    expect(premium).toBe(150_060n);
  });

  it('a side that cannot fill the impact notional contributes nothing; no index yet: no sample', async () => {
    expect(await sampler(dollars(50_000n), [['49000.00', '0.0001']], [['50100.00', '0.0001']]).premiumOf(market)).toBe(0n);
    const unpriced = new PremiumSampler(config, {} as LeadershipService, {} as PerpetualMarkets, { execute: () => Promise.reject(new Error('MARK_PRICE_UNAVAILABLE')) } as unknown as QueryBus, {} as FundingRepository, new FixedClock(T));
    expect(await unpriced.premiumOf(market)).toBeNull();
  });
});
