import { CostBasis } from './cost-basis';
import { Fill, applyFill } from './fill';
import { UnitPrice } from './valuation';

const BTC = { asset: 'BTC', decimals: 8 };
const ETH = { asset: 'ETH', decimals: 8 };
const USDT = { asset: 'USDT', decimals: 6 };
const prices = new Map<string, UnitPrice>([
  ['BTC', { units: 1_000_000n, scale: 1 }], // 100 000.0
  ['ETH', { units: 400_000n, scale: 2 }], // 4 000.00
]);
const priceOf = (asset: string) => prices.get(asset);

describe('applyFill', () => {
  it('a BUY on a USDT market adds the base at quote + fee; cash gets no cost basis', () => {
    // 0.1 BTC for 9 500 USDT + 9.5 fee.
    const fill: Fill = { side: 'BUY', base: BTC, quote: USDT, quantity: 10_000_000n, quoteAmount: 9_500_000_000n, fee: 9_500_000n };
    const out = applyFill(fill, new Map(), priceOf);
    expect([...out]).toEqual([['BTC', { quantity: 10_000_000n, cost: 9_509_500_000n, realizedPnl: 0n }]]);
  });

  it('a SELL removes at the average cost and realizes the quote net of fee', () => {
    const held = new Map<string, CostBasis>([['BTC', { quantity: 10_000_000n, cost: 9_509_500_000n, realizedPnl: 0n }]]);
    const fill: Fill = { side: 'SELL', base: BTC, quote: USDT, quantity: 5_000_000n, quoteAmount: 5_000_000_000n, fee: 5_000_000n };
    // Removed cost: half of 9 509.5 = 4 754.75; received 4 995 -> +240.25.
    expect(applyFill(fill, held, priceOf).get('BTC')).toEqual({ quantity: 5_000_000n, cost: 4_754_750_000n, realizedPnl: 240_250_000n });
  });

  it('a SELL of deposited coins enters them at the current mark first', () => {
    const fill: Fill = { side: 'SELL', base: BTC, quote: USDT, quantity: 1_000_000n, quoteAmount: 1_010_000_000n, fee: 1_010_000n };
    // 0.01 BTC enters at 100 000 = 1 000 USDT; sold for 1 008.99 net -> +8.99.
    expect(applyFill(fill, new Map(), priceOf).get('BTC')).toEqual({ quantity: 0n, cost: 0n, realizedPnl: 8_990_000n });
  });

  it('a cross market (ETH-BTC) moves the quote asset too, valued at its mark', () => {
    // Buy 1 ETH for 0.04 BTC + 0.00004 fee, BTC at 100 000: ETH cost 4 004 USDT; the BTC paid leaves at its average cost.
    const held = new Map<string, CostBasis>([['BTC', { quantity: 100_000_000n, cost: 90_000_000_000n, realizedPnl: 0n }]]);
    const fill: Fill = { side: 'BUY', base: ETH, quote: BTC, quantity: 100_000_000n, quoteAmount: 4_000_000n, fee: 4_000n };
    const out = applyFill(fill, held, priceOf);
    expect(out.get('ETH')).toEqual({ quantity: 100_000_000n, cost: 4_004_000_000n, realizedPnl: 0n });
    // 0.04004 BTC had cost 90 000 x 0.04004 = 3 603.6, worth 4 004 -> +400.4 realized.
    expect(out.get('BTC')).toEqual({ quantity: 95_996_000n, cost: 86_396_400_000n, realizedPnl: 400_400_000n });
  });
});
