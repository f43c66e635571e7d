import { DomainError } from '@lib/kernel';

export enum LiquidationErrorCode {
  /** The position (isolated) or the account (cross) covers its maintenance margin at the mark: nothing is liquidated. */
  NOT_LIQUIDATABLE = 'NOT_LIQUIDATABLE',
  /** The market has no mark price yet: nothing is liquidated until it has. */
  MARK_PRICE_UNAVAILABLE = 'MARK_PRICE_UNAVAILABLE',
}

export class LiquidationError extends DomainError<LiquidationErrorCode> {
  readonly context = 'risk';

  constructor(code: LiquidationErrorCode, message: string, details?: Readonly<Record<string, unknown>>) {
    super(code, message, details);
  }
}
