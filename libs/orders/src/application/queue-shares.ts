import { OrdersError, OrdersErrorCode } from '../domain';

/** A command admitted to its user's share of a market: how many of theirs were already there, and the release (once, when it is answered). */
export interface Admission {
  readonly ahead: number;
  release(): void;
}

/**
 * Each user's share of a market's queue: at most `perUser` of one user's
 * commands on one market at a time, from the moment they are admitted
 * (before their reads) until they are answered. Past it the command is
 * refused at once (429 TOO_MANY_PENDING_ORDERS, retry after a second),
 * before it reads anything or takes a place in the lane: one account can
 * never fill a market's queue (ORDERS_MAX_QUEUED_PER_MARKET) nor the
 * connection pool with its checks.
 */
export class QueueShares {
  private readonly inFlight = new Map<string, number>();

  constructor(private readonly perUser: number) {}

  admit(symbol: string, userId: string): Admission {
    const key = `${userId}:${symbol}`;
    const ahead = this.inFlight.get(key) ?? 0;
    if (ahead >= this.perUser) {
      throw new OrdersError(OrdersErrorCode.TOO_MANY_PENDING_ORDERS, `At most ${this.perUser} orders of one user may be pending on ${symbol}; retry shortly`, {
        symbol,
        limit: this.perUser,
        retryAfterSeconds: 1,
      });
    }
    this.inFlight.set(key, ahead + 1);
    let released = false;
    return {
      ahead,
      release: () => {
        if (released) return;
        released = true;
        const left = (this.inFlight.get(key) ?? 1) - 1;
        if (left > 0) this.inFlight.set(key, left);
        else this.inFlight.delete(key);
      },
    };
  }

  /** The user's commands admitted on the market and not yet answered. */
  pending(symbol: string, userId: string): number {
    return this.inFlight.get(`${userId}:${symbol}`) ?? 0;
  }
}
