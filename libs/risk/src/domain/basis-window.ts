import { floorDiv } from './rates';

interface Sample {
  readonly atMs: number;
  readonly basis: bigint;
}

/**
 * The moving average of a perpetual's basis (book mid - index, price units,
 * signed) over the last `windowMs`, sampled once per feed tick (docs/risk.md,
 * "Mark price"). A tick without a two-sided book adds no sample; a window
 * with no sample has no average (null: the mark formula uses the index).
 * The average is the exact sum over the count, rounded down (floor).
 * O(1) per sample amortised: samples leave from the front as they age out.
 */
export class BasisWindow {
  private readonly samples: Sample[] = [];
  private head = 0;
  private sum = 0n;

  constructor(private readonly windowMs: number) {
    if (!(windowMs > 0)) throw new RangeError('a basis window is positive');
  }

  /** Adds this tick's basis (null: no two-sided book) and drops the samples older than the window. */
  sample(atMs: number, basis: bigint | null): void {
    if (basis !== null) {
      this.samples.push({ atMs, basis });
      this.sum += basis;
    }
    this.expire(atMs);
  }

  /** The average of the samples taken in (atMs - windowMs, atMs], or null without one. */
  average(atMs: number): bigint | null {
    this.expire(atMs);
    const count = this.samples.length - this.head;
    return count === 0 ? null : floorDiv(this.sum, BigInt(count));
  }

  get size(): number {
    return this.samples.length - this.head;
  }

  private expire(atMs: number): void {
    while (this.head < this.samples.length && this.samples[this.head]!.atMs <= atMs - this.windowMs) {
      this.sum -= this.samples[this.head]!.basis;
      this.head += 1;
    }
    if (this.head > 1024 && this.head * 2 > this.samples.length) {
      this.samples.splice(0, this.head);
      this.head = 0;
    }
  }
}
