import { BacktestsError, BacktestsErrorCode } from '@lib/backtests';
import { statusOfDomainError } from '../http/domain-error-status';
import { toProblem } from '../http/problem-details.mapper';

describe('backtests errors over HTTP', () => {
  it.each([
    [BacktestsErrorCode.INVALID_BACKTEST, 400],
    [BacktestsErrorCode.INVALID_CURSOR, 400],
    [BacktestsErrorCode.BACKTEST_NOT_FOUND, 404],
    [BacktestsErrorCode.BACKTEST_FINISHED, 409],
    [BacktestsErrorCode.BACKTEST_QUEUE_FULL, 429],
    [BacktestsErrorCode.BACKTESTS_BUSY, 503],
  ])('maps %s to %i', (code, status) => {
    expect(statusOfDomainError(new BacktestsError(code, 'message'))).toBe(status);
  });

  it('a full queue is a 429 with the limit and Retry-After', () => {
    const mapped = toProblem(new BacktestsError(BacktestsErrorCode.BACKTEST_QUEUE_FULL, 'full', { limit: 10, retryAfterSeconds: 10 }), '/api/v1/backtests', 'r1');
    expect(mapped.problem).toMatchObject({ status: 429, code: 'BACKTEST_QUEUE_FULL', limit: 10 });
    expect(mapped.headers).toMatchObject({ 'retry-after': '10' });
  });
});
