/**
 * The signatures seen, each until its request's window ends: a signature
 * presented again inside its window is a replay. In process (one instance);
 * with Redis the same rule is a `SET NX PX` shared by every instance.
 *
 * A signature is forgotten once its window ended: each is also filed under the
 * second its window ends, and at most once a second the seconds that have
 * passed are dropped with their signatures. So the memory holds the requests
 * of the last window or so (a 5 s window at 1,000 requests/s: about 10,000),
 * never a growing heap the garbage collector walks on every request.
 * Bounded too: past `max` live entries the oldest insertions go (a flood of
 * distinct valid signatures needs valid keys).
 */
export class SignatureReplays {
  /** Signature -> when its window ends (ms). Insertion order is eviction order. */
  private readonly seen = new Map<string, number>();
  /** Second its window ends -> the signatures filed then. */
  private readonly endingIn = new Map<number, string[]>();
  private sweptSecond = Number.NEGATIVE_INFINITY;

  constructor(private readonly max = 1_000_000) {}

  /** Remembers `signature` until `until` (ms); false when it was seen and its window has not ended. */
  remember(signature: string, until: number, now: number): boolean {
    this.forgetEnded(now);
    const known = this.seen.get(signature);
    if (known !== undefined && known > now) return false;
    if (known === undefined && this.seen.size >= this.max) this.evictOldest();
    this.seen.set(signature, until);
    const second = Math.floor(until / 1000);
    const filed = this.endingIn.get(second);
    if (filed) filed.push(signature);
    else this.endingIn.set(second, [signature]);
    return true;
  }

  get size(): number {
    return this.seen.size;
  }

  /** Drops every second that has passed (at most once a second), with the signatures whose window ended. */
  private forgetEnded(now: number): void {
    const second = Math.floor(now / 1000);
    if (second <= this.sweptSecond) return;
    this.sweptSecond = second;
    for (const [ending, signatures] of this.endingIn) {
      if (ending >= second) continue;
      this.endingIn.delete(ending);
      for (const signature of signatures) {
        // Remembered again since (a later window): kept until that one ends.
        const until = this.seen.get(signature);
        if (until !== undefined && until <= now) this.seen.delete(signature);
      }
    }
  }

  private evictOldest(): void {
    const oldest = this.seen.keys().next();
    if (!oldest.done) this.seen.delete(oldest.value);
  }
}
