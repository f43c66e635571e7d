import { OrdersError, OrdersErrorCode } from '../domain';

/** A command admitted to its user's share of a market: how many of theirs were running then, and the release (once, when it is answered; `refused` when the answer was an error). */
export interface Admission {
  readonly ahead: number;
  release(refused?: boolean): void;
}

/** A place is held at least this long: a user starts at most `perUser` commands per window on a market. */
export const SHARE_WINDOW_MS = 100;
/** A place whose command was refused is held at least this long: refusals slow down the user they are for (Retry-After is a second too). */
export const SHARE_REFUSED_WINDOW_MS = 1000;
/** How many windows' worth of a user's commands may wait for a place; more are refused at once (they could not start soon). */
export const SHARE_WAITING_WINDOWS = 20;
/**
 * How long a command waits for a place before it is refused (429, retry after a second): longer than a full
 * waiting room takes to drain even while refused (20 s), so a steady flood is paced, never refused in waves (a
 * wave of refusals is sent again as one, and costs the server as a burst of that many requests).
 */
export const SHARE_MAX_WAIT_MS = 30_000;

interface Share {
  running: number;
  readonly waiting: { readonly admit: (ahead: number) => void; readonly timer: NodeJS.Timeout }[];
}

/**
 * Each user's share of a market: `perUser` places. A command takes one before
 * it reads anything and gives it back once it is answered, but never sooner
 * than SHARE_WINDOW_MS after it took it (SHARE_REFUSED_WINDOW_MS when the
 * answer was a refusal). Without a free place it waits, in
 * arrival order, up to SHARE_MAX_WAIT_MS, then is refused (429
 * TOO_MANY_PENDING_ORDERS); past SHARE_WAITING_WINDOWS windows' worth of the
 * user's commands waiting already, it is refused at once.
 *
 * Why waiting, and why a window: a refusal that is answered at once is sent
 * again at once. An account flooding a market with orders it cannot pay for
 * (each refused in a millisecond) would otherwise cost the server as many
 * requests per second as it can answer, and every other user would wait
 * behind them. Held this way, one user's commands on a market start at most
 * `perUser` per window however many they keep in flight (`perUser` a second
 * while they are refused), the rest wait at no cost, and they never hold
 * more than `perUser` places of the market's queue.
 */
export class QueueShares {
  private readonly shares = new Map<string, Share>();
  private readonly maxWaiting: number;

  constructor(private readonly perUser: number) {
    this.maxWaiting = perUser * SHARE_WAITING_WINDOWS;
  }

  admit(symbol: string, userId: string): Promise<Admission> {
    const key = `${userId}:${symbol}`;
    const share = this.shares.get(key) ?? { running: 0, waiting: [] };
    this.shares.set(key, share);
    if (share.running < this.perUser && share.waiting.length === 0) {
      share.running += 1;
      return Promise.resolve(this.admission(key, share, share.running - 1));
    }
    if (share.waiting.length >= this.maxWaiting) return Promise.reject(this.refusal(symbol));
    return new Promise<Admission>((resolve, reject) => {
      const waiter = {
        admit: (ahead: number) => resolve(this.admission(key, share, ahead)),
        timer: setTimeout(() => {
          share.waiting.splice(share.waiting.indexOf(waiter), 1);
          this.forgetIfIdle(key, share);
          reject(this.refusal(symbol));
        }, SHARE_MAX_WAIT_MS),
      };
      waiter.timer.unref();
      share.waiting.push(waiter);
    });
  }

  /** The user's commands on the market holding a place or waiting for one. */
  pending(symbol: string, userId: string): number {
    const share = this.shares.get(`${userId}:${symbol}`);
    return share ? share.running + share.waiting.length : 0;
  }

  private admission(key: string, share: Share, ahead: number): Admission {
    const taken = Date.now();
    let released = false;
    return {
      ahead,
      release: (refused = false) => {
        if (released) return;
        released = true;
        const left = taken + (refused ? SHARE_REFUSED_WINDOW_MS : SHARE_WINDOW_MS) - Date.now();
        if (left <= 0) this.free(key, share);
        else setTimeout(() => this.free(key, share), left).unref();
      },
    };
  }

  /** A place comes back: the first waiting command takes it (with the others running ahead of it). */
  private free(key: string, share: Share): void {
    const next = share.waiting.shift();
    if (next) {
      clearTimeout(next.timer);
      next.admit(share.running - 1);
      return;
    }
    share.running -= 1;
    this.forgetIfIdle(key, share);
  }

  private forgetIfIdle(key: string, share: Share): void {
    if (share.running === 0 && share.waiting.length === 0 && this.shares.get(key) === share) this.shares.delete(key);
  }

  private refusal(symbol: string): OrdersError {
    return new OrdersError(OrdersErrorCode.TOO_MANY_PENDING_ORDERS, `Too many of your orders are pending on ${symbol}; retry shortly`, {
      symbol,
      limit: this.perUser,
      retryAfterSeconds: 1,
    });
  }
}
