/**
 * Funding and premium rates are integers of 10^-8 ("0.0001" = 10_000n): a
 * funding rate is a few hundredths of a percent, and its average over
 * samples needs more digits than the ppm of fees.
 */
export const RATE_E8 = 100_000_000n;

/** `value` within [-bound, +bound]. */
export function clamp(value: bigint, lower: bigint, upper: bigint): bigint {
  return value < lower ? lower : value > upper ? upper : value;
}

/** a / b rounded toward negative infinity (BigInt division truncates toward zero). */
export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
}

/** a / b rounded toward positive infinity. */
export function ceilDiv(a: bigint, b: bigint): bigint {
  return -floorDiv(-a, b);
}
