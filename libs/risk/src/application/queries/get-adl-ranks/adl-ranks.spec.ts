import { Holding, PositionRecord, flatRecord } from '@lib/positions';
import { adlRanks } from './adl-ranks';

const terms = { symbol: 'X-PERP', quoteDecimals: 2, priceScale: 0, quantityScale: 2, tickSize: 1n, maxLeverage: 20, tiers: [{ maxNotional: null, rate: 10_000n }] };

function holding(userId: string, size: bigint, entryValue: bigint, leverage: number, mark: bigint): Holding {
  const record: PositionRecord = { ...flatRecord(userId, 'X-PERP', 'USD', new Date(0)), leverage, position: { size, entryValue, realizedPnl: 0n } };
  return { record, terms, mark };
}

describe('adlRanks', () => {
  it('ranks the profitable positions of a side by profit x leverage into quintiles; a loss is 1', () => {
    // Five longs of 1.00 at entry 100 (10 000 units), the mark at 110: each +10 %, leverage 1 to 5; a sixth at a loss.
    const longs = [1, 2, 3, 4, 5].map((lev) => holding(`l${lev}`, 100n, 10_000n, lev, 110n));
    const losing = holding('loser', 100n, 12_000n, 20, 110n);
    const short = holding('s', -500n, 50_000n, 10, 110n);
    const ranks = adlRanks([...longs, losing, short]);
    expect(Object.fromEntries(ranks)).toEqual({ l1: 1, l2: 2, l3: 3, l4: 4, l5: 5, loser: 1, s: 1 });
  });

  it('gives ties the same rank', () => {
    const ranks = adlRanks([holding('a', 100n, 10_000n, 5, 110n), holding('b', 100n, 10_000n, 5, 110n)]);
    expect(ranks.get('a')).toBe(ranks.get('b'));
  });
});
