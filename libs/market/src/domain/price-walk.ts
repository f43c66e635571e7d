/**
 * The simulated index price: a geometric random walk (GBM without drift)
 * per market, deterministic for a seed.
 *
 * Randomness is counter-based: the normal draw of step n of a market is a
 * pure function of (seed, symbol, n), so a new feed leader resumes the exact
 * path from the stored (price, n) without replaying anything.
 *
 * Floating point is used for one thing only: the log-return factor
 * exp(-sigma^2 dt / 2 + sigma sqrt(dt) Z). It is converted at once to an
 * integer of 10^-12 (rounded to nearest), the price is multiplied in bigint
 * and rounded half-up onto the tick grid. Prices never leave bigint.
 */

const YEAR_MS = 365 * 86_400_000;
const FACTOR_SCALE = 10n ** 12n;
const FACTOR_SCALE_NUMBER = 1e12;
const TWO_POW_32 = 4294967296;

/** FNV-1a, 32 bits: a stable hash of a text (seed, symbol). */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** lowbias32 (Chris Wellons): an integer mixer with good avalanche. */
function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** A uniform in the open interval (0, 1) for (seed, stream, step, lane). `step` is a non-negative integer below 2^53. */
export function uniform(seed: number, stream: number, step: number, lane: number): number {
  const low = step % TWO_POW_32;
  const high = Math.floor(step / TWO_POW_32);
  let h = mix32(seed ^ 0x9e3779b9);
  h = mix32(h ^ stream);
  h = mix32(h ^ low);
  h = mix32(h ^ high);
  h = mix32(h ^ Math.imul(lane + 1, 0x85ebca6b));
  return (h + 0.5) / TWO_POW_32;
}

/** A standard normal draw (Box-Muller) for step `step` of stream `stream`. */
export function standardNormal(seed: number, stream: number, step: number): number {
  const u1 = uniform(seed, stream, step, 0);
  const u2 = uniform(seed, stream, step, 1);
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

export interface WalkStep {
  /** Current price in price units, a positive multiple of tickSize. */
  readonly price: bigint;
  readonly tickSize: bigint;
  /** Annualised volatility in ppm (0.8 = 800000n). */
  readonly volatilityPpm: bigint;
  /** Time per step. */
  readonly dtMs: number;
  /** The standard normal draw of this step. */
  readonly z: number;
}

/** The log-return factor of one step, as an integer of 10^-12 (the only floating-point part). */
export function growthFactor(volatilityPpm: bigint, dtMs: number, z: number): bigint {
  // Volatility is a model parameter, not money: converting it to a float is fine.
  const sigma = Number(volatilityPpm) / 1e6;
  const dt = dtMs / YEAR_MS;
  const factor = Math.exp(-0.5 * sigma * sigma * dt + sigma * Math.sqrt(dt) * z);
  return BigInt(Math.round(factor * FACTOR_SCALE_NUMBER));
}

/** The next price: price x factor, rounded half-up to the nearest tick, at least one tick. */
export function nextWalkPrice(step: WalkStep): bigint {
  if (step.tickSize <= 0n) throw new RangeError('tickSize must be positive');
  if (step.price <= 0n) throw new RangeError('price must be positive');
  const factor = growthFactor(step.volatilityPpm, step.dtMs, step.z);
  const unit = FACTOR_SCALE * step.tickSize;
  const ticks = (step.price * factor + unit / 2n) / unit;
  return (ticks > 0n ? ticks : 1n) * step.tickSize;
}

/** A seeded walk over several markets: `next(symbol, n, price)` is the price after step n (n = 1, 2, ...). */
export class RandomWalk {
  private readonly seedHash: number;

  constructor(
    seed: string,
    private readonly dtMs: number,
  ) {
    this.seedHash = hash32(seed);
  }

  next(symbol: string, n: number, price: bigint, tickSize: bigint, volatilityPpm: bigint): bigint {
    const z = standardNormal(this.seedHash, hash32(symbol), n);
    return nextWalkPrice({ price, tickSize, volatilityPpm, dtMs: this.dtMs, z });
  }

  /** The first `steps` prices after `start` (for tests and previews). */
  path(symbol: string, start: bigint, tickSize: bigint, volatilityPpm: bigint, steps: number): bigint[] {
    const prices: bigint[] = [];
    let price = start;
    for (let n = 1; n <= steps; n++) {
      price = this.next(symbol, n, price, tickSize, volatilityPpm);
      prices.push(price);
    }
    return prices;
  }
}
