import fc from 'fast-check';
import { IndexedPosition, LiquidationIndex } from './liquidation-index';

const scan = (entries: ReadonlyMap<string, Omit<IndexedPosition, 'key'>>, mark: bigint) =>
  [...entries]
    .filter(([, e]) => (e.side === 'LONG' ? e.liquidationPrice >= mark : e.liquidationPrice <= mark))
    .map(([key]) => key)
    .sort();

describe('LiquidationIndex: the positions a mark reaches, without a scan', () => {
  it('finds the longs a fall reaches and the shorts a rise reaches, most at risk first', () => {
    const index = new LiquidationIndex();
    index.put('a', { side: 'LONG', liquidationPrice: 90_000n });
    index.put('b', { side: 'LONG', liquidationPrice: 94_000n });
    index.put('c', { side: 'SHORT', liquidationPrice: 99_000n });
    index.put('d', { side: 'SHORT', liquidationPrice: 97_000n });
    expect(index.reachedBy(95_000n)).toEqual([]);
    expect(index.reachedBy(94_000n).map((e) => e.key)).toEqual(['b']);
    expect(index.reachedBy(89_000n).map((e) => e.key)).toEqual(['b', 'a']);
    expect(index.reachedBy(98_000n).map((e) => e.key)).toEqual(['d']);
    // An update moves it; null removes it.
    index.put('b', { side: 'LONG', liquidationPrice: 80_000n });
    index.put('d', null);
    expect(index.reachedBy(89_000n).map((e) => e.key)).toEqual(['a']);
    expect(index.reachedBy(100_000n).map((e) => e.key)).toEqual(['c']);
    expect(index.size).toBe(3);
  });

  it('agrees with a full scan after any sequence of puts', () => {
    const op = fc.tuple(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g'), fc.option(fc.tuple(fc.constantFrom<'LONG' | 'SHORT'>('LONG', 'SHORT'), fc.bigInt({ min: 1n, max: 50n }))));
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), fc.bigInt({ min: 0n, max: 51n }), (ops, mark) => {
        const index = new LiquidationIndex();
        const model = new Map<string, Omit<IndexedPosition, 'key'>>();
        for (const [key, entry] of ops) {
          const value = entry === null ? null : { side: entry[0], liquidationPrice: entry[1] };
          index.put(key, value);
          if (value) model.set(key, value);
          else model.delete(key);
        }
        expect(index.reachedBy(mark).map((e) => e.key).sort()).toEqual(scan(model, mark));
        expect(index.size).toBe(model.size);
      }),
    );
  });

  it('a bulk load answers as the same entries put one by one, and puts after it keep the order', () => {
    const entry = fc.tuple(fc.constantFrom<'LONG' | 'SHORT'>('LONG', 'SHORT'), fc.bigInt({ min: 1n, max: 50n }));
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g'), entry), fc.array(fc.tuple(fc.constantFrom('a', 'h'), entry)), fc.bigInt({ min: 0n, max: 51n }), (initial, later, mark) => {
        const loaded = new LiquidationIndex();
        const put = new LiquidationIndex();
        loaded.load(Object.entries(initial).map(([key, [side, liquidationPrice]]) => ({ key, side, liquidationPrice })));
        for (const [key, [side, liquidationPrice]] of Object.entries(initial)) put.put(key, { side, liquidationPrice });
        for (const [key, [side, liquidationPrice]] of later) {
          loaded.put(key, { side, liquidationPrice });
          put.put(key, { side, liquidationPrice });
        }
        expect(loaded.reachedBy(mark)).toEqual(put.reachedBy(mark));
        expect(loaded.size).toBe(put.size);
      }),
    );
  });
});
