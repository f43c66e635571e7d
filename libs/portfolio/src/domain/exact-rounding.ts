import { formatUnits } from '@lib/kernel';

/** Decimals of a dimensionless statistic on the wire (docs/analytics.md, "Numbers"). */
export const STATISTIC_DECIMALS = 8;

/** q = a / b rounded half to even (b > 0), a any sign. */
export function divHalfEven(a: bigint, b: bigint): bigint {
  if (b <= 0n) throw new RangeError('the divisor must be positive');
  const negative = a < 0n;
  const n = negative ? -a : a;
  let q = n / b;
  const twice = 2n * (n - q * b);
  if (twice > b || (twice === b && (q & 1n) === 1n)) q += 1n;
  return negative ? -q : q;
}

/** ceil(a / b) for b > 0, a any sign. */
export function divCeil(a: bigint, b: bigint): bigint {
  if (b <= 0n) throw new RangeError('the divisor must be positive');
  const q = a / b;
  return q * b < a ? q + 1n : q;
}

/**
 * The exact value of a finite double times 10^places, rounded half to even:
 * a double is m x 2^e exactly, so no decimal printing of the double (which
 * rounds once already) comes in between.
 */
export function roundDoubleHalfEven(x: number, places: number): bigint {
  if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
  if (x === 0) return 0n;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const high = view.getUint32(0);
  const low = view.getUint32(4);
  const biased = (high >>> 20) & 0x7ff;
  let mantissa = (BigInt(high & 0xfffff) << 32n) | BigInt(low);
  let exponent = -1074;
  if (biased !== 0) {
    mantissa |= 1n << 52n;
    exponent = biased - 1075;
  }
  const scaled = mantissa * 10n ** BigInt(places);
  const magnitude = exponent >= 0 ? scaled << BigInt(exponent) : divHalfEven(scaled, 1n << BigInt(-exponent));
  return high >>> 31 === 1 ? -magnitude : magnitude;
}

/** A float64 statistic as a decimal string with 8 decimals, half to even; null stays null. */
export function formatStatistic(x: number | null): string | null {
  return x === null ? null : formatUnits(roundDoubleHalfEven(x, STATISTIC_DECIMALS), STATISTIC_DECIMALS);
}

/** num / den as a decimal string with 8 decimals, exact then half to even; null when den <= 0. */
export function formatRatio(num: bigint, den: bigint): string | null {
  return den <= 0n ? null : formatUnits(divHalfEven(num * 10n ** BigInt(STATISTIC_DECIMALS), den), STATISTIC_DECIMALS);
}
