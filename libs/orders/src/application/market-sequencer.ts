import { Injectable } from '@nestjs/common';

/**
 * One writer per market: tasks for a symbol run one at a time, in arrival
 * order; different symbols run concurrently. A failed task does not stop the
 * queue. The task is chained from the caller's async context, so it runs in
 * the caller's CLS context (request id, no foreign transaction).
 *
 * This is the only place that will learn about engine ownership when several
 * instances run (a market's commands forwarded to its owner).
 */
@Injectable()
export class MarketSequencer {
  private readonly tails = new Map<string, Promise<unknown>>();
  private readonly depths = new Map<string, number>();

  run<T>(symbol: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(symbol) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(symbol, tail);
    this.depths.set(symbol, (this.depths.get(symbol) ?? 0) + 1);
    void tail.then(() => {
      const depth = (this.depths.get(symbol) ?? 1) - 1;
      if (depth === 0) {
        this.depths.delete(symbol);
        if (this.tails.get(symbol) === tail) this.tails.delete(symbol);
      } else this.depths.set(symbol, depth);
    });
    return result;
  }

  /** Tasks queued or running per market (a metric). */
  queued(symbol: string): number {
    return this.depths.get(symbol) ?? 0;
  }
}
