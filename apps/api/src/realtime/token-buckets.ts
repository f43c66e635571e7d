interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Token buckets by key (a user, a socket): `burst` tokens, refilled at
 * `perSecond`. A bucket that is full again is forgotten, so idle keys cost
 * no memory.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    readonly burst: number,
    readonly perSecond: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes a token: 0 when granted, else the milliseconds until one is there. */
  take(key: string): number {
    const now = this.now();
    const bucket = this.refilled(key, now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      this.buckets.set(key, bucket);
      return 0;
    }
    return Math.ceil(((1 - bucket.tokens) * 1000) / this.perSecond);
  }

  /** Drops a key's bucket (its socket is gone). */
  forget(key: string): void {
    this.buckets.delete(key);
  }

  private refilled(key: string, now: number): Bucket {
    const held = this.buckets.get(key);
    if (!held) return { tokens: this.burst, at: now };
    held.tokens = Math.min(this.burst, held.tokens + ((now - held.at) * this.perSecond) / 1000);
    held.at = now;
    if (held.tokens >= this.burst) this.buckets.delete(key);
    return held;
  }
}
