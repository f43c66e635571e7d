import { LadderMarket, QuoteSide, minimalQuantity, quantityFor } from './ladder';

/**
 * A small seeded generator (mulberry32 over an FNV-1a hash of the seed):
 * the same seed gives the same sequence of sides, sizes and delays.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: string) {
    let h = 0x811c9dc5;
    for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193);
    this.state = h >>> 0;
  }

  /** In [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
}

export interface NoiseOrder {
  readonly side: QuoteSide;
  /** Market units, on the step grid, at least the market's minimums at the mark. */
  readonly quantity: bigint;
}

/**
 * A random small market order: either side, a size between the market's
 * minimum at the mark and `maxNotional` worth. The random part is a count
 * of steps (a small integer), never a price or an amount.
 */
export function noiseOrder(m: LadderMarket, mark: bigint, maxNotional: bigint, random: SeededRandom): NoiseOrder {
  const side = random.next() < 0.5 ? QuoteSide.BUY : QuoteSide.SELL;
  const least = minimalQuantity(m, mark);
  const most = quantityFor(m, mark, maxNotional);
  const steps = (most - least) / m.stepSize;
  const extra = steps > 0n ? BigInt(random.int(0, Number(steps > 1_000_000n ? 1_000_000n : steps))) : 0n;
  return { side, quantity: least + extra * m.stepSize };
}

/** The largest order `noiseOrder` can make at `mark`. */
export function noiseCeiling(m: LadderMarket, mark: bigint, maxNotional: bigint): bigint {
  return quantityFor(m, mark, maxNotional);
}
