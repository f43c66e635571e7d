/** The shortest countdown that can be armed (ms); 0 turns it off. */
export const COUNTDOWN_MIN_MS = 1000;
/** The longest countdown (ms): ten minutes, the client repeats the call well before it runs out. */
export const COUNTDOWN_MAX_MS = 600_000;
/** The reason the orders a countdown cancels end with (order rows, /user `order` events). */
export const COUNTDOWN_EXPIRED_REASON = 'COUNTDOWN_EXPIRED';
/** The symbol of the all-markets countdown in its row. */
export const ALL_MARKETS = '';

/** Whether `ms` is a countdown the API accepts: 0 (off) or a whole number of ms from COUNTDOWN_MIN_MS to COUNTDOWN_MAX_MS. */
export function isCountdownMs(ms: number): boolean {
  return Number.isSafeInteger(ms) && (ms === 0 || (ms >= COUNTDOWN_MIN_MS && ms <= COUNTDOWN_MAX_MS));
}

/** A stored countdown: the user's orders of `symbol` (ALL_MARKETS: every market) are cancelled at `deadline`. */
export interface Countdown {
  readonly userId: string;
  readonly symbol: string;
  readonly deadline: Date;
}

/** The answer to arming or clearing a countdown (Binance's countdownCancelAll). */
export interface CountdownView {
  /** The market, or null for the all-markets countdown. */
  readonly symbol: string | null;
  readonly countdownMs: string;
  /** When it fires (ISO 8601), or null when turned off. */
  readonly deadline: string | null;
}

/**
 * The countdowns, in PostgreSQL so they survive a restart. Deadlines are the
 * database's clock (every instance agrees), truncated to the millisecond.
 */
export abstract class CountdownRepository {
  /** Arms (or resets) the countdown to now + `ms`; its deadline. */
  abstract arm(userId: string, symbol: string, ms: number): Promise<Date>;
  abstract clear(userId: string, symbol: string): Promise<void>;
  /** Those whose deadline has passed, earliest first, at most `limit` (one indexed query). */
  abstract due(limit: number): Promise<Countdown[]>;
  /** Deletes the countdown if it still has this deadline (a reset since is kept); whether it did. */
  abstract remove(countdown: Countdown): Promise<boolean>;
}
