/** Refused in the first hook: too many requests being served (503, Retry-After). */
export class OverloadedError extends Error {
  readonly code = 'OVERLOADED';
  readonly retryAfterSeconds = 1;

  constructor() {
    super('The server is serving as many requests as it can; retry shortly');
  }
}
