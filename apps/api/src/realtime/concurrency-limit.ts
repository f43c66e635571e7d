/** Thrown by ConcurrencyLimit.run when its queue is full. */
export class LimitQueueFull extends Error {
  constructor() {
    super('too many waiting');
  }
}

/**
 * At most `concurrency` tasks at once, the others wait in arrival order, at
 * most `maxWaiting` of them (beyond that `run` rejects at once with
 * LimitQueueFull). Keeps a class of reads from taking more than a few of the
 * database pool's connections, which the order batches need.
 */
export class ConcurrencyLimit {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    readonly concurrency: number,
    readonly maxWaiting: number,
  ) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= this.maxWaiting) throw new LimitQueueFull();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running += 1;
    }
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      // The slot passes straight to the next task: `running` stays counted.
      if (next) next();
      else this.running -= 1;
    }
  }
}
