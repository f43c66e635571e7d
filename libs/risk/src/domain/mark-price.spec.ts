import { markPrice } from './mark-price';

const base = { index: 950_000n, fundingRate: 10_000n, msToFunding: 14_400_000n, intervalMs: 28_800_000n, basis: null, lastTrade: null, tickSize: 1n };

describe('mark price: the median of the funding basis, the book basis and the last trade', () => {
  it('marks a quiet market (no book, no trade) at its index and funding basis', () => {
    // Funding basis: 95,000.0 x (1 + 0.0001 x 4 h / 8 h) = 95,004.75 -> 950,047 units; the other two are the index.
    expect(markPrice(base)).toBe(950_000n);
  });

  it('takes the middle of the three', () => {
    // Funding basis 950,047; book basis 95,000.0 + 20.0 = 950,200; last trade 950,100: the median is 950,100.
    expect(markPrice({ ...base, basis: 200n, lastTrade: 950_100n })).toBe(950_100n);
    // A last trade far away (a thin book) cannot drag the mark: the median is the funding basis.
    expect(markPrice({ ...base, basis: 10n, lastTrade: 1_100_000n })).toBe(950_047n);
    expect(markPrice({ ...base, basis: -500n, lastTrade: 800_000n })).toBe(949_500n);
  });

  it('rounds down to the tick and never marks at zero', () => {
    expect(markPrice({ ...base, basis: 155n, lastTrade: 950_177n, tickSize: 10n })).toBe(950_150n);
    expect(markPrice({ ...base, index: 3n, fundingRate: -100_000_000n, msToFunding: 28_800_000n, tickSize: 2n })).toBe(2n);
  });
});
