/** How a command ended: what it returned, or what it threw. */
export type Settled<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

interface Leader<T> {
  readonly fingerprint: string;
  readonly settled: Promise<Settled<T>>;
}

/**
 * At most one command in flight per key in this process (a user's
 * clientOrderId, a user's Idempotency-Key). A duplicate that arrives while
 * the first is running does not queue behind it for a turn of its own: it
 * waits for it (costing nothing but a promise), then
 * - the same request (same fingerprint): answered from the first one's
 *   outcome, through `share` (an error is shared as it is);
 * - another request under the same key: runs once the first has settled,
 *   so it sees what the first left (an order with that clientOrderId, a key
 *   with its stored answer) and is decided on that.
 * A command with several keys leads all of them, or waits for whichever is
 * taken.
 */
export class SingleFlight<T> {
  private readonly leaders = new Map<string, Leader<T>>();

  async run(keys: readonly string[], fingerprint: string, work: () => Promise<T>, share: (first: Settled<T>) => T | Promise<T>): Promise<T> {
    for (;;) {
      const leader = this.leaderOf(keys);
      if (leader === undefined) break;
      const first = await leader.settled;
      if (leader.fingerprint === fingerprint) return share(first);
    }
    if (keys.length === 0) return work();
    let settle!: (settled: Settled<T>) => void;
    const entry: Leader<T> = { fingerprint, settled: new Promise((resolve) => (settle = resolve)) };
    for (const key of keys) this.leaders.set(key, entry);
    try {
      const value = await work();
      settle({ ok: true, value });
      return value;
    } catch (error) {
      settle({ ok: false, error });
      throw error;
    } finally {
      // Before the waiting duplicates resume: one that runs again finds the key free (or taken by another of them).
      for (const key of keys) if (this.leaders.get(key) === entry) this.leaders.delete(key);
    }
  }

  /** Commands leading a key now (a metric, and for tests). */
  get size(): number {
    return new Set(this.leaders.values()).size;
  }

  private leaderOf(keys: readonly string[]): Leader<T> | undefined {
    for (const key of keys) {
      const leader = this.leaders.get(key);
      if (leader !== undefined) return leader;
    }
    return undefined;
  }
}
