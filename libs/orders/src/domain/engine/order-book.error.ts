import { DomainError } from '@lib/kernel';

/**
 * Thrown only for broken input that no user can cause (a corrupt reload from the database).
 * A user's order that cannot be carried out is a value: `BookResult.rejected`.
 */
export enum OrderBookErrorCode {
  INVALID_RESTING_ORDER = 'INVALID_RESTING_ORDER',
  DUPLICATE_RESTING_ORDER = 'DUPLICATE_RESTING_ORDER',
  CROSSED_BOOK_ON_LOAD = 'CROSSED_BOOK_ON_LOAD',
}

export class OrderBookError extends DomainError<OrderBookErrorCode> {
  readonly context = 'orders';

  constructor(code: OrderBookErrorCode, message: string, details?: Readonly<Record<string, unknown>>) {
    super(code, message, details);
  }
}
