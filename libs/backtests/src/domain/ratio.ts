/** Dimensionless figures are answered as decimal strings with this many decimals. */
export const RATIO_DECIMALS = 8;
const SCALE = 10n ** BigInt(RATIO_DECIMALS);

/**
 * A float64 as a decimal string rounded half-even to 8 decimals (from the
 * double's own decimal expansion, so 1/512 = 0.001953125 is a tie and
 * rounds to 0.00195312). null for NaN and the infinities.
 */
export function ratioOf(x: number): string | null {
  if (!Number.isFinite(x)) return null;
  const negative = x < 0;
  // toFixed(20) is the exact expansion for |x| < 1e21 up to 20 decimals: enough to see a tie at the 9th.
  const text = Math.abs(x) >= 1e21 ? BigInt(Math.round(Math.abs(x))).toString() + '.0' : Math.abs(x).toFixed(20);
  const [whole, fraction = ''] = text.split('.');
  const kept = BigInt(whole! + fraction.slice(0, RATIO_DECIMALS).padEnd(RATIO_DECIMALS, '0'));
  const rest = fraction.slice(RATIO_DECIMALS);
  const first = rest.charCodeAt(0) - 48;
  const beyond = /[1-9]/.test(rest.slice(1));
  const up = first > 5 || (first === 5 && (beyond || kept % 2n === 1n));
  return formatScaled(negative ? -(kept + (up ? 1n : 0n)) : kept + (up ? 1n : 0n));
}

/** numerator / denominator exactly, rounded half-even to 8 decimals (denominator > 0). */
export function exactRatio(numerator: bigint, denominator: bigint): string {
  const scaled = numerator * SCALE;
  let q = scaled / denominator;
  const r = scaled - q * denominator;
  const twice = (r < 0n ? -r : r) * 2n;
  if (twice > denominator || (twice === denominator && q % 2n !== 0n)) q += scaled < 0n ? -1n : 1n;
  return formatScaled(q);
}

function formatScaled(units: bigint): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(RATIO_DECIMALS + 1, '0');
  const text = `${digits.slice(0, -RATIO_DECIMALS)}.${digits.slice(-RATIO_DECIMALS)}`;
  return negative && units !== 0n ? `-${text}` : text;
}
