/**
 * The synthetic price history (docs/analytics.md, "Price history"): a seeded
 * random walk of 1-minute candles per underlying, computed on read, that ends
 * at the market's feed start price just before its history start, so the
 * live feed continues it.
 *
 * Integer-only and the same on every machine:
 * - the generator is sfc32 (Chris Doty-Humphrey's Small Fast Counting RNG,
 *   32-bit words, PractRand-clean), seeded with the first 16 bytes of
 *   SHA-256("exchange/synthetic-history/v1" 0 HISTORY_SEED 0 underlying) and
 *   run 12 times before use; its operations are 32-bit integer ones;
 * - a per-minute return r in ppb is an Irwin-Hall draw (the sum of four
 *   24-bit uniforms, centred: an integer approximation of a normal) scaled
 *   by K = floor(sigma_ppb x 1732051 / 10^6) (sqrt(3) to 7 digits, since the
 *   sum's standard deviation is 2^24 / sqrt(3)) and divided by 2^24 (exact
 *   in a double; every product is an integer below 2^53), truncated;
 * - sigma_ppb, the volatility of one minute, is floor(volatility_ppm x 10^6 /
 *   isqrt(525600 x 10^6)): the annualised volatility over sqrt(minutes per year);
 * - the walk runs backwards from the end: the price before a minute is the
 *   price after it times (10^9 + r) / 10^9 when r >= 0, times 10^9 / (10^9 - r)
 *   when r < 0 (a factor symmetric in log, so no drift), in bigint on an
 *   internal price of 10^-9 price units;
 * - each minute's wicks are two further uniforms in [0, sigma_ppb): high is
 *   the higher of open and close (after rounding) raised by the first (in
 *   ppb), rounded up to the tick; low the lower lowered by the second, rounded down (at least one
 *   tick); open and close round half up to the tick (at least one tick).
 */
import { createHash } from 'node:crypto';

const MINUTE_MS = 60_000;
const PPB = 1_000_000_000n;
const PPB_NUMBER = 1_000_000_000;
const TWO_POW_24 = 16_777_216;
/** The Irwin-Hall sum's mean: four uniforms on {0 .. 2^24 - 1}. */
const IRWIN_HALL_MEAN = 2 * (TWO_POW_24 - 1);
/** sqrt(525,600 x 10^6): minutes per year, 3 more digits for precision. */
const SQRT_MINUTES_PER_YEAR_E3 = isqrt(525_600n * 1_000_000n);
/** Keeps |centred sum x K| below 2^53 (exact in a double): sigma_ppb up to ~13 % a minute. */
const MAX_K = 2 ** 27;
/** The walk stays below 2^52 ticks: tick counts are exact in a double. */
const MAX_TICKS = 2n ** 52n;
const KEY_CONTEXT = 'exchange/synthetic-history/v1';

/** The stream of one underlying: sfc32 keyed by SHA-256 of the history seed and the underlying. */
export class Sfc32 {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: string, underlying: string) {
    const digest = createHash('sha256').update(`${KEY_CONTEXT}\0`).update(seed, 'utf8').update('\0').update(underlying, 'utf8').digest();
    this.a = digest.readUInt32BE(0) | 0;
    this.b = digest.readUInt32BE(4) | 0;
    this.c = digest.readUInt32BE(8) | 0;
    this.d = digest.readUInt32BE(12) | 0;
    for (let i = 0; i < 12; i++) this.next();
  }

  /** The generator's four words (to resume it later with `restore`). */
  state(): readonly [number, number, number, number] {
    return [this.a, this.b, this.c, this.d];
  }

  restore([a, b, c, d]: readonly [number, number, number, number]): void {
    [this.a, this.b, this.c, this.d] = [a, b, c, d];
  }

  /** The next 32-bit unsigned integer. */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }
}

/** The volatility of one minute in ppb from an annualised volatility in ppm. */
export function minuteSigmaPpb(volatilityPpm: bigint): number {
  return Number((volatilityPpm * 1_000_000n) / SQRT_MINUTES_PER_YEAR_E3);
}

export interface SyntheticWalk {
  /** HISTORY_SEED. */
  readonly seed: string;
  /** The stream's name: the base asset (BTC-USDT and BTC-PERP share "BTC"). */
  readonly underlying: string;
  /** The close of the last synthetic minute: the feed's start price, a positive multiple of tickSize. */
  readonly endPrice: bigint;
  readonly tickSize: bigint;
  /** Annualised, ppm (0.6 = 600000n). */
  readonly volatilityPpm: bigint;
  /** The history start (minute-aligned epoch ms): the last synthetic minute opens one minute before it. */
  readonly endTime: number;
  /** How many minutes the walk covers (HISTORY_SYNTHETIC_DAYS x 1440). */
  readonly minutes: number;
}

/** 1-minute candles as columns, ascending by open time. */
export interface MinuteColumns {
  readonly openTime: Float64Array;
  readonly open: BigInt64Array;
  readonly high: BigInt64Array;
  readonly low: BigInt64Array;
  readonly close: BigInt64Array;
}

/** The walk's state before step j: what a later window resumes from. */
interface WalkState {
  readonly rng: readonly [number, number, number, number];
  readonly after: bigint;
  readonly closeTicks: number;
}

/**
 * States of one walk (one SyntheticWalk's parameters: the caller keys them)
 * every CHECKPOINT_STEPS minutes, recorded as walks pass them. A window deep
 * in the past then costs its own length plus at most a day, not the walk
 * from the end: the numbers are the same either way (the state is all there is).
 */
export class WalkCheckpoints {
  static readonly CHECKPOINT_STEPS = 1440;
  readonly states = new Map<number, WalkState>();

  /** The recorded state nearest before step `j` (the furthest step not beyond it). */
  nearest(j: number): [number, WalkState] | undefined {
    for (let step = Math.floor(j / WalkCheckpoints.CHECKPOINT_STEPS) * WalkCheckpoints.CHECKPOINT_STEPS; step > 0; step -= WalkCheckpoints.CHECKPOINT_STEPS) {
      const state = this.states.get(step);
      if (state) return [step, state];
    }
    return undefined;
  }
}

/** The walk's steps a read of [fromMs, toMs] covers: minute j = 0 is the last one; undefined when the read misses the walk. */
export function walkWindow(walk: SyntheticWalk, fromMs: number, toMs: number): { readonly deepest: number; readonly shallowest: number } | undefined {
  const first = Math.max(syntheticStart(walk), Math.ceil(fromMs / MINUTE_MS) * MINUTE_MS);
  const last = Math.min(walk.endTime - MINUTE_MS, Math.floor(toMs / MINUTE_MS) * MINUTE_MS);
  if (last < first) return undefined;
  return { deepest: (walk.endTime - first) / MINUTE_MS - 1, shallowest: (walk.endTime - last) / MINUTE_MS - 1 };
}

/** The steps of the walk a read takes (from the nearest checkpoint to the earliest minute asked for): its CPU cost, ~0.3 us a step. */
export function walkSteps(walk: SyntheticWalk, fromMs: number, toMs: number, checkpoints?: WalkCheckpoints): number {
  const window = walkWindow(walk, fromMs, toMs);
  return window ? window.deepest - (checkpoints?.nearest(window.shallowest)?.[0] ?? 0) + 1 : 0;
}

/** The first synthetic minute's open time. */
export function syntheticStart(walk: Pick<SyntheticWalk, 'endTime' | 'minutes'>): number {
  return walk.endTime - walk.minutes * MINUTE_MS;
}

/**
 * The synthetic 1-minute candles whose open time is in [fromMs, toMs]
 * (inclusive; clipped to the walk's span). The walk is computed from its end
 * back to the earliest minute asked for: a minute's numbers depend only on
 * (seed, underlying, volatility, end price, tick, its distance from the end).
 */
export function syntheticMinutes(walk: SyntheticWalk, fromMs: number, toMs: number, checkpoints?: WalkCheckpoints): MinuteColumns {
  if (walk.tickSize <= 0n || walk.endPrice <= 0n || walk.endPrice % walk.tickSize !== 0n) throw new RangeError('endPrice must be a positive multiple of a positive tickSize');
  if (walk.endPrice / walk.tickSize > MAX_TICKS) throw new RangeError('endPrice must be at most 2^52 ticks');
  if (walk.endTime % MINUTE_MS !== 0) throw new RangeError('endTime must be minute-aligned');
  const first = Math.max(syntheticStart(walk), Math.ceil(fromMs / MINUTE_MS) * MINUTE_MS);
  const last = Math.min(walk.endTime - MINUTE_MS, Math.floor(toMs / MINUTE_MS) * MINUTE_MS);
  const count = last >= first ? (last - first) / MINUTE_MS + 1 : 0;
  const out: MinuteColumns = {
    openTime: new Float64Array(count),
    open: new BigInt64Array(count),
    high: new BigInt64Array(count),
    low: new BigInt64Array(count),
    close: new BigInt64Array(count),
  };
  if (count === 0) return out;
  // Minute j = 0 is the last one (it opens at endTime - 1 min); the walk steps to j = deepest.
  const deepest = (walk.endTime - first) / MINUTE_MS - 1;
  const shallowest = (walk.endTime - last) / MINUTE_MS - 1;
  const rng = new Sfc32(walk.seed, walk.underlying);
  const sigma = Math.min(MAX_K, minuteSigmaPpb(walk.volatilityPpm));
  const k = Math.min(MAX_K, Math.floor((sigma * 1_732_051) / 1_000_000));
  const tick = walk.tickSize;
  const unit = tick * PPB; // one tick in internal units (10^-9 price units)
  const half = unit / 2n;
  const ceiling = unit * MAX_TICKS;
  let after = walk.endPrice * PPB; // the internal close of minute j
  let closeTicks = Number(walk.endPrice / tick);
  let start = 0;
  const resume = checkpoints?.nearest(shallowest);
  if (resume) {
    [start, { after, closeTicks }] = [resume[0], resume[1]];
    rng.restore(resume[1].rng);
  }
  let closeUnits = BigInt(closeTicks) * tick;
  const every = WalkCheckpoints.CHECKPOINT_STEPS;
  for (let j = start; j <= deepest; j++) {
    if (checkpoints && j % every === 0 && j > 0 && !checkpoints.states.has(j)) checkpoints.states.set(j, { rng: rng.state(), after, closeTicks });
    const sum = (rng.next() >>> 8) + (rng.next() >>> 8) + (rng.next() >>> 8) + (rng.next() >>> 8);
    const r = Math.trunc(((sum - IRWIN_HALL_MEAN) * k) / TWO_POW_24);
    const wickUp = Math.floor(((rng.next() >>> 8) * sigma) / TWO_POW_24);
    const wickDown = Math.floor(((rng.next() >>> 8) * sigma) / TWO_POW_24);
    let before = r >= 0 ? (after * BigInt(PPB_NUMBER + r)) / PPB : (after * PPB) / BigInt(PPB_NUMBER - r);
    if (before < unit) before = unit; // between one tick ...
    else if (before > ceiling) before = ceiling; // ... and 2^52 ticks (tick counts stay exact in a double)
    const openTicks = Number((before + half) / unit);
    const openUnits = BigInt(openTicks) * tick;
    if (j >= shallowest) {
      const i = count - 1 - (j - shallowest);
      const top = openTicks > closeTicks ? openTicks : closeTicks;
      const bottom = openTicks < closeTicks ? openTicks : closeTicks;
      const lowTicks = bottom - ppbOf(bottom, wickDown, false);
      out.openTime[i] = walk.endTime - (j + 1) * MINUTE_MS;
      out.open[i] = openUnits;
      out.close[i] = closeUnits;
      out.high[i] = BigInt(top + ppbOf(top, wickUp, true)) * tick;
      out.low[i] = lowTicks > 0 ? BigInt(lowTicks) * tick : tick;
    }
    after = before;
    closeTicks = openTicks;
    closeUnits = openUnits;
  }
  return out;
}

/** `ticks` x `ppb` / 10^9 rounded up or down, exact: in doubles below 2^53 (every step an exact integer), in bigint above. */
function ppbOf(ticks: number, ppb: number, up: boolean): number {
  const product = ticks * ppb;
  if (product > Number.MAX_SAFE_INTEGER) {
    const exact = BigInt(ticks) * BigInt(ppb);
    return Number((up ? exact + PPB - 1n : exact) / PPB);
  }
  let q = Math.floor(product / PPB_NUMBER);
  const rest = product - q * PPB_NUMBER; // exact: both terms are integers below 2^53
  if (rest < 0) q -= 1;
  else if (rest >= PPB_NUMBER) q += 1;
  return up && product !== q * PPB_NUMBER ? q + 1 : q;
}

/** floor(sqrt(n)) for a non-negative bigint (Newton's method). */
export function isqrt(n: bigint): bigint {
  if (n < 0n) throw new RangeError('isqrt of a negative number');
  if (n < 2n) return n;
  let x = n;
  let y = (x + 1n) / 2n;
  while (y < x) {
    x = y;
    y = (x + n / x) / 2n;
  }
  return x;
}
