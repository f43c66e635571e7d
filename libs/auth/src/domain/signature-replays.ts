/**
 * The signatures seen, each until its request's window ends: a signature
 * presented again inside its window is a replay. In process (one instance);
 * with Redis the same rule is a `SET NX PX` shared by every instance.
 * Bounded: past `max` entries the ones whose window ended go first, then
 * the oldest (a flood of distinct valid signatures needs valid keys).
 */
export class SignatureReplays {
  private readonly seen = new Map<string, number>();

  constructor(private readonly max = 1_000_000) {}

  /** Remembers `signature` until `until` (ms); false when it was seen and its window has not ended. */
  remember(signature: string, until: number, now: number): boolean {
    const known = this.seen.get(signature);
    if (known !== undefined && known > now) return false;
    if (this.seen.size >= this.max) this.evict(now);
    this.seen.set(signature, until);
    return true;
  }

  get size(): number {
    return this.seen.size;
  }

  private evict(now: number): void {
    for (const [signature, until] of this.seen) if (until <= now) this.seen.delete(signature);
    // Still full: the oldest insertions go (a Map iterates in insertion order).
    for (const signature of this.seen.keys()) {
      if (this.seen.size < this.max) break;
      this.seen.delete(signature);
    }
  }
}
