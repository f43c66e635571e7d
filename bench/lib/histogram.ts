/**
 * A log-linear latency histogram (the HdrHistogram idea, three significant digits): values
 * below 2048 ns are counted exactly, above that each power of two is split in 1024 buckets,
 * so a recorded value is off by less than 0.1% and recording is a few integer operations.
 */
const SUB_BITS = 10;
const SUB = 1 << SUB_BITS;
const LINEAR = SUB * 2;

export class Histogram {
  private readonly counts = new Float64Array(LINEAR + SUB * 32);
  private total = 0;
  private maxValue = 0;

  record(ns: number): void {
    const v = ns < 0 ? 0 : Math.floor(ns);
    this.counts[indexOf(v)]++;
    this.total++;
    if (v > this.maxValue) this.maxValue = v;
  }

  get count(): number {
    return this.total;
  }

  get max(): number {
    return this.maxValue;
  }

  /** The value at percentile p (0..100), as the upper bound of its bucket, in ns. */
  percentile(p: number): number {
    const rank = Math.ceil((p / 100) * this.total);
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i];
      if (seen >= rank && this.counts[i] > 0) return Math.min(upperOf(i), this.maxValue);
    }
    return this.maxValue;
  }
}

function indexOf(v: number): number {
  if (v < LINEAR) return v;
  const exp = 31 - Math.clz32(v); // v in [2^exp, 2^(exp+1)), exp >= 11
  const shift = exp - SUB_BITS;
  return LINEAR + (exp - SUB_BITS - 1) * SUB + ((v >>> shift) - SUB);
}

function upperOf(i: number): number {
  if (i < LINEAR) return i;
  const k = i - LINEAR;
  const exp = Math.floor(k / SUB) + SUB_BITS + 1;
  const shift = exp - SUB_BITS;
  return ((k % SUB) + SUB + 1) * 2 ** shift - 1;
}
