import { Logger } from '@nestjs/common';
import { isDomainError } from '@lib/kernel';

/** Refusals a bot expects now and then (a halted market, a price not yet known, a race with a fill): debug. */
const ROUTINE = new Set([
  'MARKET_HALTED',
  'MARKET_CLOSE_ONLY',
  'NO_MARK_PRICE',
  'MARK_PRICE_UNAVAILABLE',
  'PRICE_OUT_OF_BAND',
  'ORDER_NOT_FOUND',
  'ORDER_NOT_OPEN',
  'INVALID_AMEND',
  'NOTIONAL_BELOW_MINIMUM',
  'QUANTITY_BELOW_MINIMUM',
  // The perpetual maker left levels out that its margin account cannot hold (it is topped up, within its daily limit).
  'MARGIN_BUDGET',
]);

/**
 * Logs what the liquidity bots could not do, once per (action, reason) until
 * that action succeeds again: they retry every few seconds and must never
 * flood the log. Routine refusals are debug; a shortage of funds (until the
 * next top-up) and anything unexpected are warn.
 */
export class FailureLog {
  private readonly last = new Map<string, string>();

  constructor(private readonly logger: Logger) {}

  /** Records a failure of `action` and returns its code (`UNEXPECTED` for a non-domain error). */
  failed(action: string, error: unknown): string {
    const code = isDomainError(error) ? error.code : 'UNEXPECTED';
    return this.record(action, code, error instanceof Error ? error.message : String(error));
  }

  /** Records that `action` could not run for a known reason (a code of ROUTINE logs at debug). */
  skipped(action: string, code: string, message: string): void {
    this.record(action, code, message);
  }

  private record(action: string, code: string, message: string): string {
    const signature = code === 'UNEXPECTED' ? message : code;
    if (this.last.get(action) === signature) return code;
    this.last.set(action, signature);
    const line = `${action}: ${code === 'UNEXPECTED' ? '' : `${code} `}${message}`;
    if (ROUTINE.has(code)) this.logger.debug(line);
    else this.logger.warn(line);
    return code;
  }

  succeeded(action: string): void {
    this.last.delete(action);
  }
}
