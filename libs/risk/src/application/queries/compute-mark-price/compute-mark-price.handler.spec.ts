import { QueryBus } from '@nestjs/cqrs';
import { ComputeMarkPriceQuery } from '@lib/market';
import { GetOrderBookQuery } from '@lib/orders';
import { AppConfig } from '@lib/platform';
import { FundingRateView, GetFundingRateQuery } from '../get-funding-rate.query';
import { FundingReader } from '../../funding-reader';
import { ComputeMarkPriceHandler } from './compute-mark-price.handler';

const HOUR = 3_600_000;
const config = { risk: { fundingIntervalMs: 8 * HOUR, markBasisWindowMs: 60_000, markFormula: true } } as unknown as AppConfig;
// BTC-PERP: price scale 1, tick 0.1 (1 unit).
const at = (ms: number): Date => new Date(Date.UTC(2026, 11, 7, 4) + ms); // 04:00 UTC: 4 h to the 08:00 funding

function setup(answers: { book?: () => { bids: [string, string][]; asks: [string, string][] }; funding?: () => FundingRateView }, cfg: AppConfig = config) {
  const execute = jest.fn(async (query: unknown) => {
    if (query instanceof GetOrderBookQuery && answers.book) return { symbol: 'BTC-PERP', seq: 1, ...answers.book() };
    if (query instanceof GetFundingRateQuery && answers.funding) return answers.funding();
    throw new Error(`no handler for ${String((query as object).constructor.name)}`);
  });
  const queries = { execute } as unknown as QueryBus;
  return new ComputeMarkPriceHandler(queries, new FundingReader(queries, cfg), cfg);
}
const ask = (h: ComputeMarkPriceHandler, index: bigint, lastTrade: bigint | null, ms: number) =>
  h.execute(new ComputeMarkPriceQuery('BTC-PERP', 1, 1n, index, lastTrade, at(ms)));

describe('ComputeMarkPriceHandler', () => {
  it('marks at the index without a book, a trade or a funding rate, and reports rate 0 and the configured schedule', async () => {
    const result = await ask(setup({}), 950_000n, null, 0);
    expect(result).toEqual({ mark: 950_000n, funding: { rate: '0.00000000', nextFundingTime: new Date('2026-12-07T08:00:00.000Z') } });
  });

  it('takes the median of the funding basis, the averaged book basis and the last trade', async () => {
    // Book 95,010.0 / 95,030.1: mid 950,200 (rounded down from 950,200.5), basis +200 over the index 950,000.
    // Funding basis: last rate 0.0001 x 4 h / 8 h -> 950,000 x 1.00005 = 950,047.5 -> 950,047.
    // Last trade 950,100: median(950,047, 950,200, 950,100) = 950,100.
    const h = setup({
      book: () => ({ bids: [['95010.0', '1.000']], asks: [['95030.1', '2.000']] }),
      funding: () => ({ symbol: 'BTC-PERP', lastRateE8: 10_000n, predictedRateE8: -2_500n, lastFundingTime: null, nextFundingTime: at(4 * HOUR), intervalMs: 8 * HOUR }),
    });
    const result = await ask(h, 950_000n, 950_100n, 0);
    expect(result).toEqual({ mark: 950_100n, funding: { rate: '-0.00002500', nextFundingTime: at(4 * HOUR) } });
    // Without the trade (it counts as the index): median(950,047, 950,200, 950,000) = 950,047, the funding basis.
    expect((await ask(h, 950_000n, null, 1_000)).mark).toBe(950_047n);
  });

  it('averages the basis over the window, sampled once per tick, so one tick of a moved book moves the mark by its share', async () => {
    let mid = ['95000.0', '95000.2']; // mid 950,001: basis +1
    const h = setup({ book: () => ({ bids: [[mid[0]!, '1']], asks: [[mid[1]!, '1']] }) });
    expect((await ask(h, 950_000n, 2_000_000n, 0)).mark).toBe(950_001n);
    mid = ['95030.0', '95030.2']; // basis +301
    // Window (0, 30 s]: (1 + 301) / 2 = 151; the trade far above: median(950,000, 950,151, 2,000,000) = 950,151.
    expect((await ask(h, 950_000n, 2_000_000n, 30_000)).mark).toBe(950_151n);
    // At 60 s the first sample is out: (301 + 301) / 2.
    expect((await ask(h, 950_000n, 2_000_000n, 60_000)).mark).toBe(950_301n);
  });

  it('adds no sample when the book is one-sided or cannot be read, and keeps the window', async () => {
    let book: { bids: [string, string][]; asks: [string, string][] } | undefined = { bids: [['95000.0', '1']], asks: [['95001.0', '1']] };
    const h = setup({
      book: () => {
        if (!book) throw new Error('MARKET_BUSY');
        return book;
      },
    });
    expect((await ask(h, 950_000n, 990_000n, 0)).mark).toBe(950_005n); // basis +5
    book = { bids: [['95100.0', '1']], asks: [] };
    expect((await ask(h, 950_000n, 990_000n, 1_000)).mark).toBe(950_005n);
    book = undefined;
    expect((await ask(h, 950_000n, 990_000n, 2_000)).mark).toBe(950_005n);
    // The window empties after 60 s: the book basis is the index again.
    expect((await ask(h, 950_000n, 990_000n, 61_000)).mark).toBe(950_000n);
  });

  it('marks at the index with MARK_PRICE_FORMULA=false, whatever the book and the last trade', async () => {
    const off = { risk: { ...config.risk, markFormula: false } } as unknown as AppConfig;
    const h = setup({ book: () => ({ bids: [['95010.0', '1']], asks: [['95030.1', '1']] }) }, off);
    expect(await ask(h, 950_000n, 950_100n, 0)).toEqual({ mark: 950_000n, funding: { rate: '0.00000000', nextFundingTime: new Date('2026-12-07T08:00:00.000Z') } });
  });
});
