import { AmountError, AmountErrorReason } from './amount-error';

/**
 * The one module that converts between wire decimal strings ("0.015") and integer
 * smallest units (bigint), and that owns rounding. Never a JavaScript `number` for
 * an amount: the only numbers here are scales (count of fraction digits).
 */

/** Largest magnitude of an amount in smallest units: 36 nines, fits numeric(38,0) with room. */
export const MAX_UNITS: bigint = 10n ** 36n - 1n;

/** Largest allowed scale (fraction digits). */
export const MAX_SCALE = 36;

/** Digits of MAX_UNITS: an integer part longer than this is TOO_LARGE at any scale. */
const MAX_DIGITS = 36;

/**
 * A canonical decimal: optional '-', integer part without leading zeros ("0" alone
 * is allowed), optional '.' followed by at least one digit. ASCII digits only; no
 * blanks, '+', exponent, grouping or hex. Linear, no backtracking hazards.
 */
const DECIMAL = /^(-?)(0|[1-9][0-9]*)(?:\.([0-9]+))?$/;

type Sign = 'non-negative' | 'positive' | 'signed';

/** Throws RangeError unless `scale` is an integer in 0..36 (a programming error, not user input). */
export function assertScale(scale: number): void {
  if (typeof scale !== 'number' || !Number.isInteger(scale) || scale < 0 || scale > MAX_SCALE) {
    throw new RangeError(`scale must be an integer in 0..${MAX_SCALE}, got ${String(scale)}`);
  }
}

/**
 * Checks, in this order: form (NOT_A_DECIMAL), sign (NOT_POSITIVE for a negative
 * where none is allowed), fraction digits (TOO_MANY_DECIMALS), magnitude
 * (TOO_LARGE), zero (NOT_POSITIVE where a positive or non-zero amount is required).
 */
function parse(input: unknown, scale: number, sign: Sign): bigint {
  assertScale(scale);
  if (typeof input !== 'string') {
    throw new AmountError(AmountErrorReason.NOT_A_DECIMAL, `amount must be a decimal string, got ${describe(input)}`);
  }
  const match = DECIMAL.exec(input);
  if (match === null) {
    throw new AmountError(AmountErrorReason.NOT_A_DECIMAL, 'amount must be a plain decimal string such as "0.015"');
  }
  const negative = match[1] === '-';
  const whole = match[2];
  const fraction = match[3] ?? '';

  if (negative) {
    if (/^0+$/.test(whole + fraction)) {
      throw new AmountError(AmountErrorReason.NOT_A_DECIMAL, 'amount must not be a negative zero');
    }
    if (sign !== 'signed') {
      throw new AmountError(AmountErrorReason.NOT_POSITIVE, 'amount must not be negative');
    }
  }
  if (fraction.length > scale) {
    throw new AmountError(
      AmountErrorReason.TOO_MANY_DECIMALS,
      scale === 0 ? 'amount must be a whole number' : `amount must have at most ${scale} decimal places`,
    );
  }
  // `whole` has no leading zeros, so more digits than MAX_UNITS means larger: refuse before BigInt().
  if (whole.length > MAX_DIGITS) throw tooLarge();
  const magnitude = BigInt(whole) * 10n ** BigInt(scale) + (fraction === '' ? 0n : BigInt(fraction.padEnd(scale, '0')));
  if (magnitude > MAX_UNITS) throw tooLarge();
  if (magnitude === 0n && sign !== 'non-negative') {
    throw new AmountError(AmountErrorReason.NOT_POSITIVE, sign === 'positive' ? 'amount must be positive' : 'amount must not be zero');
  }
  return negative ? -magnitude : magnitude;
}

function tooLarge(): AmountError {
  return new AmountError(AmountErrorReason.TOO_LARGE, 'amount is too large');
}

function describe(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'array';
  return typeof input;
}

/** A non-negative decimal string -> integer units: parseUnits('0.015', 8) === 1500000n. Accepts "0" and "0.00". */
export function parseUnits(input: unknown, scale: number): bigint {
  return parse(input, scale, 'non-negative');
}

/** As parseUnits, but zero is NOT_POSITIVE. */
export function parsePositiveUnits(input: unknown, scale: number): bigint {
  return parse(input, scale, 'positive');
}

/**
 * A signed, non-zero decimal string -> integer units: parseSignedUnits('-1.5', 2) === -150n.
 * A leading '-' is allowed, '+' is not, "-0" is NOT_A_DECIMAL and zero is NOT_POSITIVE.
 */
export function parseSignedUnits(input: unknown, scale: number): bigint {
  return parse(input, scale, 'signed');
}

/**
 * Integer units -> decimal string with exactly `scale` fraction digits:
 * formatUnits(1500000n, 8) === '0.01500000', formatUnits(-5n, 2) === '-0.05',
 * formatUnits(100n, 0) === '100'. Lossless for any bigint.
 */
export function formatUnits(units: bigint, scale: number): string {
  assertScale(scale);
  if (typeof units !== 'bigint') throw new TypeError(`units must be a bigint, got ${typeof units}`);
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const cut = digits.length - scale;
  const text = scale === 0 ? digits : `${digits.slice(0, cut)}.${digits.slice(cut)}`;
  return negative ? `-${text}` : text;
}

function assertMulDivOperands(a: bigint, b: bigint, d: bigint): void {
  if (typeof a !== 'bigint' || typeof b !== 'bigint' || typeof d !== 'bigint') {
    throw new TypeError('mulDiv operands must be bigints');
  }
  if (d <= 0n) throw new RangeError('mulDiv divisor must be positive');
  if (a < 0n || b < 0n) throw new RangeError('mulDiv operands must be non-negative');
}

/** floor(a * b / d), exact, for a, b >= 0 and d > 0. Credits round down. */
export function mulDivDown(a: bigint, b: bigint, d: bigint): bigint {
  assertMulDivOperands(a, b, d);
  return (a * b) / d;
}

/** ceil(a * b / d), exact, for a, b >= 0 and d > 0. Fees round up. */
export function mulDivUp(a: bigint, b: bigint, d: bigint): bigint {
  assertMulDivOperands(a, b, d);
  const product = a * b;
  const quotient = product / d;
  return product % d === 0n ? quotient : quotient + 1n;
}
