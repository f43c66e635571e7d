import { performance } from 'node:perf_hooks';

interface Sleep {
  readonly wakeable: boolean;
  readonly end: () => void;
  /** A commit woke it: end once the least interval has passed since the last read. */
  readonly wake: () => void;
}

/**
 * The relay loop's waits: between polls (OUTBOX_POLL_MS), woken early by a
 * commit of this process but never sooner than OUTBOX_MIN_INTERVAL_MS after
 * the last read, so that under load the commits of that interval are read
 * (and handed to batch subscribers) together instead of one read per commit;
 * and the waits of a follower or after an error, which only a change of
 * leadership or the stop cuts short.
 */
export class OutboxRelayPause {
  private sleep: Sleep | undefined;
  private wokenWhileBusy = false;
  /** When the last read began (performance.now()). */
  private lastReadAt = Number.NEGATIVE_INFINITY;
  private closed = false;

  constructor(private readonly minIntervalMs: number) {}

  /** A read begins: it sees every commit so far, so earlier wake-ups are spent. */
  markRead(): void {
    this.wokenWhileBusy = false;
    this.lastReadAt = performance.now();
  }

  /** A commit: end a wakeable wait (after the least interval), or the next one at once if none is under way. */
  wake(): void {
    if (this.sleep?.wakeable) this.sleep.wake();
    else this.wokenWhileBusy = true;
  }

  /** Ends the wait in progress, whatever its kind. */
  interrupt(): void {
    this.sleep?.end();
  }

  /** The relay stops: the wait in progress ends, and any later one resolves at once. */
  close(): void {
    this.closed = true;
    this.interrupt();
  }

  /**
   * Waits `ms`, or less when closed, interrupted or (when wakeable) woken by a
   * commit, but never sooner than the least interval after the last read.
   */
  wait(ms: number, wakeable: boolean): Promise<void> {
    if (this.closed) return Promise.resolve();
    const untilNextRead = (): number => this.lastReadAt + this.minIntervalMs - performance.now();
    if (wakeable && this.wokenWhileBusy) {
      this.wokenWhileBusy = false;
      if (untilNextRead() <= 0) return Promise.resolve();
      ms = untilNextRead();
      wakeable = false;
    }
    return new Promise<void>((resolve) => {
      let woken = false;
      const end = (): void => {
        clearTimeout(timer);
        if (this.sleep === sleep) this.sleep = undefined;
        resolve();
      };
      let timer = setTimeout(end, ms);
      const sleep: Sleep = {
        wakeable,
        end,
        wake: () => {
          if (woken) return;
          woken = true;
          const wait = untilNextRead();
          if (wait <= 0) return end();
          clearTimeout(timer);
          timer = setTimeout(end, wait);
        },
      };
      this.sleep = sleep;
    });
  }
}
