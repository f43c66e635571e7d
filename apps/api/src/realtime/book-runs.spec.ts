import { BookRuns } from './book-runs';

describe('BookRuns', () => {
  it('sees no gap when the deltas after a snapshot continue its seq, merged or not', () => {
    const runs = new BookRuns();
    runs.emitted('BTC-USDT', 3, 5);
    const mark = runs.mark('BTC-USDT', 5);
    runs.emitted('BTC-USDT', 4, 6); // straddles the snapshot: applied
    runs.emitted('BTC-USDT', 6, 9);
    expect(runs.gapSince('BTC-USDT', mark)).toBe(false);
  });

  it('sees a gap in a delta whose prevSeq is above what the client holds, but none before the snapshot', () => {
    const runs = new BookRuns();
    runs.emitted('BTC-USDT', 1, 2);
    runs.emitted('BTC-USDT', 4, 5); // a gap before the snapshot does not count
    const mark = runs.mark('BTC-USDT', 5);
    runs.emitted('BTC-USDT', 5, 6);
    expect(runs.gapSince('BTC-USDT', mark)).toBe(false);
    runs.emitted('BTC-USDT', 7, 8);
    expect(runs.gapSince('BTC-USDT', mark)).toBe(true);
    // A new snapshot after the gap starts clean; other markets are apart.
    expect(runs.gapSince('BTC-USDT', runs.mark('BTC-USDT', 8))).toBe(false);
    expect(runs.gapSince('ETH-USDT', runs.mark('ETH-USDT', 0))).toBe(false);
  });

  it('sees a gap when the first delta after a snapshot does not continue it (a snapshot rebuilt with another seq)', () => {
    const runs = new BookRuns();
    const mark = runs.mark('BTC-USDT', 10);
    runs.emitted('BTC-USDT', 12, 13);
    expect(runs.gapSince('BTC-USDT', mark)).toBe(true);
  });

  it('answers "gap" when the deltas since the snapshot are no longer kept', () => {
    const runs = new BookRuns();
    const mark = runs.mark('BTC-USDT', 0);
    for (let seq = 1; seq <= 600; seq++) runs.emitted('BTC-USDT', seq - 1, seq);
    expect(runs.gapSince('BTC-USDT', mark)).toBe(true);
    expect(runs.gapSince('BTC-USDT', runs.mark('BTC-USDT', 600))).toBe(false);
  });
});
