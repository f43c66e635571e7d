import fc from 'fast-check';
import {
  AmountError,
  AmountErrorReason,
  MAX_UNITS,
  formatUnits,
  isAmountError,
  mulDivDown,
  mulDivUp,
  parsePositiveUnits,
  parseSignedUnits,
  parseUnits,
} from './index';

type Parser = (input: unknown, scale: number) => bigint;
const parsers: Record<'parseUnits' | 'parsePositiveUnits' | 'parseSignedUnits', Parser> = {
  parseUnits,
  parsePositiveUnits,
  parseSignedUnits,
};
type ParserName = keyof typeof parsers;

const nines = (count: number): string => '9'.repeat(count);

function reasonOf(run: () => unknown): AmountErrorReason | 'ACCEPTED' {
  try {
    run();
    return 'ACCEPTED';
  } catch (error) {
    if (error instanceof AmountError) return error.reason;
    throw error;
  }
}

describe('money: wire decimal strings <-> integer units', () => {
  describe('accepts canonical decimals', () => {
    const cases: Array<{ fn: ParserName; input: string; scale: number; units: bigint }> = [
      { fn: 'parseUnits', input: '0.015', scale: 8, units: 1500000n },
      { fn: 'parseUnits', input: '0', scale: 2, units: 0n },
      { fn: 'parseUnits', input: '0.00', scale: 2, units: 0n },
      { fn: 'parseUnits', input: '0.0', scale: 2, units: 0n },
      { fn: 'parseUnits', input: '1', scale: 0, units: 1n },
      { fn: 'parseUnits', input: '100', scale: 0, units: 100n },
      { fn: 'parseUnits', input: '1.1', scale: 2, units: 110n },
      { fn: 'parseUnits', input: '1.10', scale: 2, units: 110n },
      { fn: 'parseUnits', input: '10.05', scale: 2, units: 1005n },
      { fn: 'parseUnits', input: '123456.789', scale: 3, units: 123456789n },
      { fn: 'parseUnits', input: '0.000000000000000001', scale: 18, units: 1n },
      { fn: 'parseUnits', input: nines(36), scale: 0, units: MAX_UNITS },
      { fn: 'parseUnits', input: `0.${nines(36)}`, scale: 36, units: MAX_UNITS },
      { fn: 'parseUnits', input: `${nines(18)}.${nines(18)}`, scale: 18, units: MAX_UNITS },
      { fn: 'parsePositiveUnits', input: '0.00000001', scale: 8, units: 1n },
      { fn: 'parsePositiveUnits', input: '25000.5', scale: 2, units: 2500050n },
      { fn: 'parseSignedUnits', input: '-1.5', scale: 2, units: -150n },
      { fn: 'parseSignedUnits', input: '-0.01', scale: 2, units: -1n },
      { fn: 'parseSignedUnits', input: '2', scale: 0, units: 2n },
      { fn: 'parseSignedUnits', input: '0.5', scale: 1, units: 5n },
      { fn: 'parseSignedUnits', input: `-${nines(36)}`, scale: 0, units: -MAX_UNITS },
    ];
    it.each(cases)('$fn($input, $scale) === $units', ({ fn, input, scale, units }) => {
      expect(parsers[fn](input, scale)).toBe(units);
    });
  });

  describe('rejects with a reason', () => {
    const notADecimal: unknown[] = [
      '', ' ', ' 1', '1 ', '\t1', '1\n', '1e5', '1E5', '1e-5', '0x10', '0b1', '+1', '01', '00', '00.5', '.5', '5.', '.',
      '1,5', '1,000', '1_000', '1.2.3', '-', '--1', '- 1', 'NaN', 'Infinity', 'abc', '\u0661\u0662', '\uff11', '\u22121',
      '1\u00a0', 1, 1.5, 1n, null, undefined, {}, ['1'], new String('1'), true,
    ];
    const cases: Array<{ fn: ParserName; input: unknown; scale: number; reason: AmountErrorReason }> = [
      ...(['parseUnits', 'parsePositiveUnits', 'parseSignedUnits'] as const).flatMap((fn) =>
        notADecimal.map((input) => ({ fn, input, scale: 8, reason: AmountErrorReason.NOT_A_DECIMAL })),
      ),
      // Negative zero is never a canonical amount.
      { fn: 'parseSignedUnits', input: '-0', scale: 2, reason: 'NOT_A_DECIMAL' },
      { fn: 'parseSignedUnits', input: '-0.00', scale: 2, reason: 'NOT_A_DECIMAL' },
      { fn: 'parseUnits', input: '-0', scale: 2, reason: 'NOT_A_DECIMAL' },
      { fn: 'parsePositiveUnits', input: '-0.0', scale: 2, reason: 'NOT_A_DECIMAL' },
      // Too many fraction digits: never rounded, trailing zeros count.
      { fn: 'parseUnits', input: '1.10', scale: 1, reason: 'TOO_MANY_DECIMALS' },
      { fn: 'parseUnits', input: '0.001', scale: 2, reason: 'TOO_MANY_DECIMALS' },
      { fn: 'parseUnits', input: '1.0', scale: 0, reason: 'TOO_MANY_DECIMALS' },
      { fn: 'parseUnits', input: '0.00', scale: 0, reason: 'TOO_MANY_DECIMALS' },
      { fn: 'parseUnits', input: '0.000000001', scale: 8, reason: 'TOO_MANY_DECIMALS' },
      { fn: 'parsePositiveUnits', input: '0.000', scale: 2, reason: 'TOO_MANY_DECIMALS' },
      { fn: 'parsePositiveUnits', input: '0.015', scale: 2, reason: 'TOO_MANY_DECIMALS' },
      { fn: 'parseSignedUnits', input: '-1.234', scale: 2, reason: 'TOO_MANY_DECIMALS' },
      { fn: 'parseUnits', input: `0.${'0'.repeat(36)}1`, scale: 36, reason: 'TOO_MANY_DECIMALS' },
      // Zero where a positive / non-zero amount is required; negative where none is allowed.
      { fn: 'parsePositiveUnits', input: '0', scale: 2, reason: 'NOT_POSITIVE' },
      { fn: 'parsePositiveUnits', input: '0.00', scale: 2, reason: 'NOT_POSITIVE' },
      { fn: 'parseSignedUnits', input: '0', scale: 2, reason: 'NOT_POSITIVE' },
      { fn: 'parseSignedUnits', input: '0.0', scale: 2, reason: 'NOT_POSITIVE' },
      { fn: 'parseUnits', input: '-1', scale: 2, reason: 'NOT_POSITIVE' },
      { fn: 'parsePositiveUnits', input: '-0.5', scale: 2, reason: 'NOT_POSITIVE' },
      { fn: 'parseUnits', input: '-1.234', scale: 2, reason: 'NOT_POSITIVE' },
      // More than MAX_UNITS.
      { fn: 'parseUnits', input: `1${'0'.repeat(36)}`, scale: 0, reason: 'TOO_LARGE' },
      { fn: 'parseUnits', input: nines(37), scale: 0, reason: 'TOO_LARGE' },
      { fn: 'parseUnits', input: '1', scale: 36, reason: 'TOO_LARGE' },
      { fn: 'parseUnits', input: `${nines(18)}.${nines(18)}`, scale: 19, reason: 'TOO_LARGE' },
      { fn: 'parsePositiveUnits', input: '1000000000000000000.0', scale: 18, reason: 'TOO_LARGE' },
      { fn: 'parseSignedUnits', input: `-1${'0'.repeat(36)}`, scale: 0, reason: 'TOO_LARGE' },
      { fn: 'parseUnits', input: nines(100_000), scale: 8, reason: 'TOO_LARGE' },
    ];
    it.each(cases)('$fn($input, $scale) -> $reason', ({ fn, input, scale, reason }) => {
      expect(reasonOf(() => parsers[fn](input, scale))).toBe(reason);
    });

    it('throws an AmountError that is an Error with a message and a name', () => {
      let caught: unknown;
      try {
        parsePositiveUnits('0', 2);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(Error);
      expect(isAmountError(caught)).toBe(true);
      expect(caught).toMatchObject({ name: 'AmountError', reason: 'NOT_POSITIVE' });
      expect((caught as AmountError).message).not.toBe('');
      expect(isAmountError(new Error('x'))).toBe(false);
    });
  });

  describe('formatUnits', () => {
    const cases: Array<{ units: bigint; scale: number; text: string }> = [
      { units: 1500000n, scale: 8, text: '0.01500000' },
      { units: -5n, scale: 2, text: '-0.05' },
      { units: 100n, scale: 0, text: '100' },
      { units: -100n, scale: 0, text: '-100' },
      { units: 0n, scale: 0, text: '0' },
      { units: 0n, scale: 3, text: '0.000' },
      { units: 123n, scale: 2, text: '1.23' },
      { units: 1005n, scale: 2, text: '10.05' },
      { units: 1n, scale: 36, text: `0.${'0'.repeat(35)}1` },
      { units: MAX_UNITS, scale: 0, text: nines(36) },
      { units: -MAX_UNITS, scale: 18, text: `-${nines(18)}.${nines(18)}` },
    ];
    it.each(cases)('formatUnits($units, $scale) === $text', ({ units, scale, text }) => {
      expect(formatUnits(units, scale)).toBe(text);
    });
  });

  describe('scale is a programming contract (RangeError)', () => {
    it.each([-1, 37, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('scale %p', (scale) => {
      expect(() => parseUnits('1', scale)).toThrow(RangeError);
      expect(() => parsePositiveUnits('1', scale)).toThrow(RangeError);
      expect(() => parseSignedUnits('1', scale)).toThrow(RangeError);
      expect(() => formatUnits(1n, scale)).toThrow(RangeError);
    });

    it('accepts the bounds 0 and 36', () => {
      expect(parseUnits('7', 0)).toBe(7n);
      expect(parseUnits('0.7', 36)).toBe(7n * 10n ** 35n);
    });

    it('checks the scale before the input', () => {
      expect(() => parseUnits('not a number', -1)).toThrow(RangeError);
    });
  });

  describe('mulDivDown / mulDivUp', () => {
    const cases: Array<{ a: bigint; b: bigint; d: bigint; down: bigint; up: bigint }> = [
      { a: 10n, b: 3n, d: 4n, down: 7n, up: 8n },
      { a: 6n, b: 2n, d: 4n, down: 3n, up: 3n },
      { a: 0n, b: 5n, d: 3n, down: 0n, up: 0n },
      { a: 1n, b: 1n, d: 3n, down: 0n, up: 1n },
      { a: 5n, b: 0n, d: 7n, down: 0n, up: 0n },
      // A 0.1% fee (10 bps) on 123457 units: 123.457 -> the fee rounds up, the credit rounds down.
      { a: 123457n, b: 10n, d: 10000n, down: 123n, up: 124n },
      { a: MAX_UNITS, b: MAX_UNITS, d: MAX_UNITS, down: MAX_UNITS, up: MAX_UNITS },
      { a: MAX_UNITS, b: 3n, d: 2n, down: (MAX_UNITS * 3n) / 2n, up: (MAX_UNITS * 3n) / 2n + 1n },
    ];
    it.each(cases)('($a * $b) / $d -> down $down, up $up', ({ a, b, d, down, up }) => {
      expect(mulDivDown(a, b, d)).toBe(down);
      expect(mulDivUp(a, b, d)).toBe(up);
    });

    it.each([
      { a: 1n, b: 1n, d: 0n },
      { a: 1n, b: 1n, d: -1n },
      { a: -1n, b: 1n, d: 1n },
      { a: 1n, b: -1n, d: 1n },
    ])('throws RangeError for ($a, $b, $d)', ({ a, b, d }) => {
      expect(() => mulDivDown(a, b, d)).toThrow(RangeError);
      expect(() => mulDivUp(a, b, d)).toThrow(RangeError);
    });
  });

  describe('properties', () => {
    const digit = fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '7', '8', '9');
    const digits = (minLength: number, maxLength: number) =>
      fc.array(digit, { minLength, maxLength }).map((ds) => ds.join(''));

    /** A canonical fixed-scale string (exactly `scale` fraction digits) whose units fit MAX_UNITS. */
    const canonical = fc.integer({ min: 0, max: 36 }).chain((scale) => {
      const wholeDigits = 36 - scale;
      const whole =
        wholeDigits === 0
          ? fc.constant('0')
          : fc.oneof(
              fc.constant('0'),
              fc.tuple(fc.constantFrom('1', '2', '3', '4', '5', '6', '7', '8', '9'), digits(0, wholeDigits - 1)).map(([h, t]) => h + t),
            );
      return fc.tuple(whole, digits(scale, scale)).map(([w, f]) => ({ scale, text: scale === 0 ? w : `${w}.${f}` }));
    });

    it('formatUnits(parseUnits(s)) round-trips canonical strings', () => {
      fc.assert(
        fc.property(canonical, ({ scale, text }) => {
          expect(formatUnits(parseUnits(text, scale), scale)).toBe(text);
        }),
      );
    });

    it('a shorter fraction is padded, an extra digit is TOO_MANY_DECIMALS', () => {
      fc.assert(
        fc.property(canonical, digit, ({ scale, text }, extra) => {
          const withExtra = scale === 0 ? `${text}.${extra}` : `${text}${extra}`;
          expect(reasonOf(() => parseUnits(withExtra, scale))).toBe('TOO_MANY_DECIMALS');
          if (scale > 0 && text.endsWith('0')) {
            // "1.50" -> "1.5", and "5.0" -> "5" (a dangling "5." is not a decimal).
            const shorter = text.slice(0, -1).replace(/\.$/, '');
            expect(formatUnits(parseUnits(shorter, scale), scale)).toBe(text);
          }
        }),
      );
    });

    it('parseUnits(formatUnits(u, s), s) === u for 0 <= u <= MAX_UNITS', () => {
      fc.assert(
        fc.property(fc.bigInt({ min: 0n, max: MAX_UNITS }), fc.integer({ min: 0, max: 18 }), (units, scale) => {
          expect(parseUnits(formatUnits(units, scale), scale)).toBe(units);
        }),
      );
    });

    it('parseSignedUnits(formatUnits(-u, s), s) === -u for 0 < u <= MAX_UNITS', () => {
      fc.assert(
        fc.property(fc.bigInt({ min: 1n, max: MAX_UNITS }), fc.integer({ min: 0, max: 18 }), (units, scale) => {
          expect(parseSignedUnits(formatUnits(-units, scale), scale)).toBe(-units);
          expect(parsePositiveUnits(formatUnits(units, scale), scale)).toBe(units);
          expect(reasonOf(() => parseUnits(formatUnits(-units, scale), scale))).toBe('NOT_POSITIVE');
        }),
      );
    });

    it('just above MAX_UNITS is TOO_LARGE at every scale', () => {
      fc.assert(
        fc.property(fc.bigInt({ min: MAX_UNITS + 1n, max: MAX_UNITS * 1000n }), fc.integer({ min: 0, max: 36 }), (units, scale) => {
          expect(reasonOf(() => parseUnits(formatUnits(units, scale), scale))).toBe('TOO_LARGE');
          expect(reasonOf(() => parseSignedUnits(formatUnits(-units, scale), scale))).toBe('TOO_LARGE');
        }),
      );
    });

    it('any input either parses to a canonical in-range amount or throws an AmountError', () => {
      const anyInput = fc.oneof(
        fc.string(),
        fc.string({ unit: fc.constantFrom('0', '1', '9', '.', '-', '+', 'e', ' ', ',') }),
        fc.anything(),
      );
      fc.assert(
        fc.property(anyInput, fc.integer({ min: 0, max: 36 }), (input, scale) => {
          let units: bigint;
          try {
            units = parseSignedUnits(input, scale);
          } catch (error) {
            expect(error).toBeInstanceOf(AmountError);
            return;
          }
          expect(typeof input).toBe('string');
          expect(units).not.toBe(0n);
          expect(units <= MAX_UNITS && units >= -MAX_UNITS).toBe(true);
          // The accepted text is the formatted value, up to trailing fraction zeros.
          const formatted = formatUnits(units, scale);
          const text = input as string;
          expect(formatted.startsWith(text)).toBe(true);
          expect(/^\.?0*$/.test(formatted.slice(text.length))).toBe(true);
        }),
      );
    });

    it('mulDivDown <= a*b/d <= mulDivUp, differing by at most 1, equal iff divisible', () => {
      const operand = fc.oneof(fc.bigInt({ min: 0n, max: 1000n }), fc.bigInt({ min: 0n, max: MAX_UNITS }));
      const divisor = fc.oneof(fc.bigInt({ min: 1n, max: 1000n }), fc.bigInt({ min: 1n, max: MAX_UNITS }));
      fc.assert(
        fc.property(operand, operand, divisor, (a, b, d) => {
          const down = mulDivDown(a, b, d);
          const up = mulDivUp(a, b, d);
          const product = a * b;
          expect(down * d <= product).toBe(true);
          expect(product <= up * d).toBe(true);
          expect(product < (down + 1n) * d).toBe(true);
          expect((up - 1n) * d < product || product === 0n).toBe(true);
          expect(up - down === 0n || up - down === 1n).toBe(true);
          expect(up === down).toBe(product % d === 0n);
        }),
      );
    });
  });
});
