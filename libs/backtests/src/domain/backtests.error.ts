import { DomainError } from '@lib/kernel';

export enum BacktestsErrorCode {
  /** A request the rules refuse: strategy type or params, range, interval, capital, fee rate, slippage, sizing (details: field, reason). */
  INVALID_BACKTEST = 'INVALID_BACKTEST',
  /** No such backtest of this user (another user's answers the same). */
  BACKTEST_NOT_FOUND = 'BACKTEST_NOT_FOUND',
  /** DELETE of a backtest that is DONE, FAILED or CANCELLED already. */
  BACKTEST_FINISHED = 'BACKTEST_FINISHED',
  /** The user has BACKTEST_MAX_PENDING_PER_USER backtests queued or running already. */
  BACKTEST_QUEUE_FULL = 'BACKTEST_QUEUE_FULL',
  /** BACKTEST_MAX_QUEUED backtests of all users wait already: try again later. */
  BACKTESTS_BUSY = 'BACKTESTS_BUSY',
  /** A list cursor this API did not return. */
  INVALID_CURSOR = 'INVALID_CURSOR',
}

export class BacktestsError extends DomainError<BacktestsErrorCode> {
  readonly context = 'backtests';

  constructor(code: BacktestsErrorCode, message: string, details?: Readonly<Record<string, unknown>>) {
    super(code, message, details);
  }
}

/** INVALID_BACKTEST naming the field and why. */
export function invalidBacktest(field: string, reason: string, message: string): BacktestsError {
  return new BacktestsError(BacktestsErrorCode.INVALID_BACKTEST, message, { field, reason });
}
