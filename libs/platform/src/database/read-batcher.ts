/** The most keys one query of a ReadBatcher asks for; a larger batch is split. */
export const READ_BATCH_MAX_KEYS = 500;

interface Waiter<V> {
  readonly resolve: (value: V | undefined) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Coalesces the point reads of one table asked for during one turn of the event
 * loop into one query (`WHERE id = ANY($1)`): under load, one round trip to
 * PostgreSQL for all of them instead of one each. A socket write to a pooled
 * connection wakes a PostgreSQL backend, and measured as the largest single
 * cost of an authenticated GET that reads one row (GET /auth/me).
 *
 * Every read still starts after its caller asked for it (the batch is sent at
 * the end of the current turn, in the `setImmediate` phase), so a caller sees
 * every write committed before it asked, as with a query of its own. Keys asked
 * for twice in one batch share the row. A failed query fails every read of its
 * batch. Only for reads outside a transaction: a caller inside one must read
 * through its own connection.
 */
export class ReadBatcher<V> {
  private pending: Map<string, Waiter<V>[]> | null = null;

  /** `loadMany` answers the rows it found, by key; a key it does not answer reads as `undefined`. */
  constructor(private readonly loadMany: (keys: string[]) => Promise<ReadonlyMap<string, V>>) {}

  load(key: string): Promise<V | undefined> {
    if (this.pending === null) {
      this.pending = new Map();
      setImmediate(() => this.flush());
    }
    const batch = this.pending;
    return new Promise((resolve, reject) => {
      const waiters = batch.get(key);
      if (waiters) waiters.push({ resolve, reject });
      else batch.set(key, [{ resolve, reject }]);
    });
  }

  private flush(): void {
    const batch = this.pending;
    this.pending = null;
    if (batch === null) return;
    const keys = [...batch.keys()];
    for (let start = 0; start < keys.length; start += READ_BATCH_MAX_KEYS) {
      const chunk = keys.slice(start, start + READ_BATCH_MAX_KEYS);
      this.loadMany(chunk).then(
        (rows) => {
          for (const key of chunk) for (const waiter of batch.get(key)!) waiter.resolve(rows.get(key));
        },
        (error: unknown) => {
          for (const key of chunk) for (const waiter of batch.get(key)!) waiter.reject(error);
        },
      );
    }
  }
}
