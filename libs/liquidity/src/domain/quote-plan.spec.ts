import { Ladder, QuoteSide } from './ladder';
import { planQuotes } from './quote-plan';

const ladder: Ladder = {
  spacing: 500n,
  bids: [
    { side: QuoteSide.BUY, price: 950_000n, quantity: 1052n },
    { side: QuoteSide.BUY, price: 949_500n, quantity: 1053n },
  ],
  asks: [
    { side: QuoteSide.SELL, price: 950_500n, quantity: 1052n },
    { side: QuoteSide.SELL, price: 951_000n, quantity: 1051n },
  ],
};

describe('planQuotes', () => {
  it('places the whole ladder on an empty book', () => {
    expect(planQuotes([], ladder)).toEqual({ cancel: [], amend: [], place: [...ladder.bids, ...ladder.asks] });
  });

  it('leaves matching orders alone, cancels what is off the ladder, places what is missing', () => {
    const plan = planQuotes(
      [
        { id: 'a', side: QuoteSide.BUY, price: 950_000n, quantity: 1052n, filled: 0n },
        { id: 'b', side: QuoteSide.BUY, price: 948_500n, quantity: 1054n, filled: 0n },
        // The ladder's ask price on the wrong side is not the ask.
        { id: 'c', side: QuoteSide.BUY, price: 950_500n, quantity: 1052n, filled: 0n },
        { id: 'd', side: QuoteSide.SELL, price: 951_000n, quantity: 1051n, filled: 0n },
      ],
      ladder,
    );
    expect(plan).toEqual({ cancel: ['b', 'c'], amend: [], place: [ladder.bids[1], ladder.asks[0]] });
  });

  it('refills a level less than half open to the level\'s size (total = filled + level), leaves one at least half open, trims an oversized one', () => {
    const plan = planQuotes(
      [
        { id: 'a', side: QuoteSide.BUY, price: 950_000n, quantity: 1652n, filled: 1200n },
        { id: 'b', side: QuoteSide.BUY, price: 949_500n, quantity: 2000n, filled: 0n },
        { id: 'c', side: QuoteSide.SELL, price: 950_500n, quantity: 1052n, filled: 500n },
        { id: 'd', side: QuoteSide.SELL, price: 951_000n, quantity: 1051n, filled: 0n },
      ],
      ladder,
    );
    // a: 452 open of a 1052 level -> refilled; c: 552 open (more than half) -> left alone until more is taken.
    expect(plan).toEqual({ cancel: [], amend: [{ id: 'a', quantity: 2252n }, { id: 'b', quantity: 1053n }], place: [] });
  });

  it('keeps one order per level and cancels duplicates', () => {
    const plan = planQuotes(
      [
        { id: 'a', side: QuoteSide.SELL, price: 951_000n, quantity: 1051n, filled: 0n },
        { id: 'b', side: QuoteSide.SELL, price: 951_000n, quantity: 1051n, filled: 0n },
      ],
      ladder,
    );
    expect(plan.cancel).toEqual(['b']);
    expect(plan.place).toEqual([...ladder.bids, ladder.asks[0]]);
  });
});
