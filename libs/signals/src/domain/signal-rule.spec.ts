import fc from 'fast-check';
import { fires, holds, parseConditions, warmUpOfRule } from './signal-rule';

describe('signal conditions', () => {
  it('parses an AND of up to four conditions; refuses constants compared and an operand with itself', () => {
    expect(parseConditions([{ left: 'SMA(20)', op: 'crosses_above', right: 'SMA(50)' }])).toEqual([
      { left: { kind: 'SMA', period: 20 }, op: 'CROSSES_ABOVE', right: { kind: 'SMA', period: 50 } },
    ]);
    expect(() => parseConditions([])).toThrow('1 to 4');
    expect(() => parseConditions(Array(5).fill({ left: 'CLOSE', op: 'ABOVE', right: '1' }))).toThrow('1 to 4');
    expect(() => parseConditions([{ left: '1', op: 'ABOVE', right: '2' }])).toThrow('two constants');
    expect(() => parseConditions([{ left: 'sma(5)', op: 'ABOVE', right: 'SMA(5)' }])).toThrow('itself');
    expect(() => parseConditions([{ left: 'CLOSE', op: 'NEAR', right: '2' }])).toThrow('op must be');
    expect(warmUpOfRule(parseConditions([{ left: 'RSI(14)', op: 'BELOW', right: '30' }, { left: 'CLOSE', op: 'ABOVE', right: 'SMA(200)' }]))).toBe(201);
    expect(() => warmUpOfRule(parseConditions([{ left: 'EMA(500)', op: 'ABOVE', right: 'CLOSE' }]))).toThrow('warm up');
  });

  it('ABOVE and BELOW are strict levels; not warmed up is null', () => {
    const v = (current: number | null, previous: number | null = null) => ({ current, previous });
    expect(holds('ABOVE', v(2), v(1))).toBe(true);
    expect(holds('ABOVE', v(1), v(1))).toBe(false);
    expect(holds('BELOW', v(1), v(2))).toBe(true);
    expect(holds('BELOW', v(null), v(2))).toBeNull();
  });

  it('a cross holds only at the crossing candle: from <= to >, from >= to <', () => {
    const v = (previous: number | null, current: number | null) => ({ previous, current });
    expect(holds('CROSSES_ABOVE', v(1, 3), v(2, 2))).toBe(true);
    expect(holds('CROSSES_ABOVE', v(2, 3), v(2, 2))).toBe(true); // touching before counts as below
    expect(holds('CROSSES_ABOVE', v(3, 4), v(2, 2))).toBe(false); // already above
    expect(holds('CROSSES_ABOVE', v(1, 2), v(2, 2))).toBe(false); // touching is not above
    expect(holds('CROSSES_BELOW', v(3, 1), v(2, 2))).toBe(true);
    expect(holds('CROSSES_ABOVE', v(null, 3), v(2, 2))).toBeNull();
  });

  it('fires once per transition into "all hold", whatever the sequence (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.constantFrom(true, false, null), { minLength: 1, maxLength: 3 }), { maxLength: 60 }), (steps) => {
        let held = false;
        let firings = 0;
        let transitions = 0;
        for (const step of steps) {
          const all = step.every((h) => h === true);
          if (all && !held) transitions += 1;
          const out = fires(held, step);
          if (out.fire) firings += 1;
          held = out.held;
        }
        expect(firings).toBe(transitions);
      }),
    );
  });
});
