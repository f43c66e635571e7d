import { createHash, createHmac } from 'node:crypto';
import { LadderMarket, QuoteSide, minimalQuantity, quantityFor } from './ladder';

/**
 * A seeded generator: the same seed gives the same sequence of sides, sizes
 * and delays. Keyed by SHA-256 of the whole seed (256 bits) and drawn as
 * HMAC-SHA256(key, counter), so, like the price walk, the noise trader's next
 * side and size cannot be computed without the install's secret seed.
 */
export class SeededRandom {
  private readonly key: Buffer;
  private counter = 0n;
  private block = Buffer.alloc(0);
  private offset = 0;

  constructor(seed: string) {
    this.key = createHash('sha256').update('exchange/noise-trader/v2\0').update(seed, 'utf8').digest();
  }

  /** In [0, 1), 53 bits. */
  next(): number {
    if (this.offset + 8 > this.block.length) {
      const counter = Buffer.alloc(8);
      counter.writeBigUInt64BE(this.counter++);
      this.block = createHmac('sha256', this.key).update(counter).digest();
      this.offset = 0;
    }
    const high = this.block.readUInt32BE(this.offset) >>> 11;
    const low = this.block.readUInt32BE(this.offset + 4);
    this.offset += 8;
    return (high * 4294967296 + low) / 9007199254740992;
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
