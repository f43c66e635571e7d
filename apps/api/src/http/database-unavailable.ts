import { HttpStatus, Logger } from '@nestjs/common';
import { isConnectionLoss } from '@lib/platform';
import { ProblemDetails, problemTitle, problemType } from './problem-details';

const RETRY_AFTER_SECONDS = 1;
const logger = new Logger('HTTP');

export interface DatabaseUnavailableProblem {
  readonly problem: ProblemDetails;
  readonly unexpected: false;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * A request that failed because the database connection was lost (a
 * restart, a failover) is 503 DATABASE_UNAVAILABLE with Retry-After, not a
 * 500: nothing is wrong with the request and the pool reconnects by itself
 * (measured: a fast restart is over in under a second). The loss is logged
 * once per outage as a warning without a stack (PinoNestLogger), not as one
 * error with a stack per request. An order whose batch lost its connection
 * during COMMIT is answered OUTCOME_UNKNOWN by the orders context instead:
 * only there can the commit have happened.
 */
export function databaseUnavailable(error: unknown, base: { instance: string; requestId: string }): DatabaseUnavailableProblem | undefined {
  if (!isConnectionLoss(error)) return undefined;
  logger.warn(error instanceof Error ? error : new Error(String(error)));
  const problem: ProblemDetails = {
    ...base,
    retryAfterSeconds: RETRY_AFTER_SECONDS,
    type: problemType('DATABASE_UNAVAILABLE'),
    title: problemTitle('DATABASE_UNAVAILABLE'),
    status: HttpStatus.SERVICE_UNAVAILABLE,
    detail: 'The database connection was lost; retry shortly',
    code: 'DATABASE_UNAVAILABLE',
  };
  return { problem, unexpected: false, headers: { 'retry-after': String(RETRY_AFTER_SECONDS) } };
}
