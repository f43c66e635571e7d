/**
 * The simulated index price: a geometric random walk (GBM without drift)
 * per market, deterministic for a seed.
 *
 * Randomness is counter-based: the normal draw of step n of a market is a
 * pure function of (seed, symbol, n), so a new feed leader resumes the exact
 * path from the stored (price, n) without replaying anything.
 *
 * It is also unpredictable without the seed: each underlying's stream is
 * keyed by SHA-256(seed, symbol) (256 bits) and the draw of step n is
 * HMAC-SHA256(key, n), a keyed pseudo-random function. Knowing n (the
 * mark price's public `seq`) and any number of past prices does not let
 * anyone compute the next step; only the seed does. The seed is a 256-bit
 * secret generated per install (DATA_DIR/market-seed) unless MARKET_SEED
 * asks for a reproducible (and so predictable) path.
 *
 * Floating point is used for one thing only: the log-return factor
 * exp(-sigma^2 dt / 2 + sigma sqrt(dt) Z). It is converted at once to an
 * integer of 10^-12 (rounded to nearest), the price is multiplied in bigint
 * and rounded half-up onto the tick grid. Prices never leave bigint.
 */
import { createHash, createHmac } from 'node:crypto';

const YEAR_MS = 365 * 86_400_000;
const FACTOR_SCALE = 10n ** 12n;
const FACTOR_SCALE_NUMBER = 1e12;
const TWO_POW_32 = 4294967296;
const TWO_POW_53 = 9007199254740992;
/** Versions the derivation: another scheme must never reuse these keys. */
const KEY_CONTEXT = 'exchange/price-walk/v2';

/** The 256-bit key of one underlying's stream: SHA-256 of the whole seed and the symbol (no shorter hash in between). */
export function streamKey(seed: string, symbol: string): Buffer {
  return createHash('sha256').update(`${KEY_CONTEXT}\0`).update(seed, 'utf8').update('\0').update(symbol, 'utf8').digest();
}

/** Two uniforms in the open interval (0, 1) of 53 bits each for step `step` (a non-negative integer below 2^53). */
export function uniforms(key: Buffer, step: number): [number, number] {
  if (!Number.isSafeInteger(step) || step < 0) throw new RangeError('step must be a non-negative safe integer');
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha256', key).update(counter).digest();
  return [unit53(mac, 0), unit53(mac, 8)];
}

/** 53 bits of `bytes` at `offset` as a uniform in (0, 1): (k + 0.5) / 2^53 is never 0 nor 1. */
function unit53(bytes: Buffer, offset: number): number {
  const high = bytes.readUInt32BE(offset) >>> 11;
  const low = bytes.readUInt32BE(offset + 4);
  return (high * TWO_POW_32 + low + 0.5) / TWO_POW_53;
}

/** A standard normal draw (Box-Muller) for step `step` of the stream keyed `key`. */
export function standardNormal(key: Buffer, step: number): number {
  const [u1, u2] = uniforms(key, step);
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
  /** Stream keys by symbol: one SHA-256 per underlying, then one HMAC per step. */
  private readonly keys = new Map<string, Buffer>();

  constructor(
    private readonly seed: string,
    private readonly dtMs: number,
  ) {}

  next(symbol: string, n: number, price: bigint, tickSize: bigint, volatilityPpm: bigint): bigint {
    let key = this.keys.get(symbol);
    if (!key) this.keys.set(symbol, (key = streamKey(this.seed, symbol)));
    const z = standardNormal(key, n);
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
