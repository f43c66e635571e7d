import { DomainError } from '@lib/kernel';

export enum WalletErrorCode {
  INVALID_AMOUNT = 'INVALID_AMOUNT',
  UNKNOWN_ASSET = 'UNKNOWN_ASSET',
  INSUFFICIENT_BALANCE = 'INSUFFICIENT_BALANCE',
  /** A transfer out of MARGIN larger than what the open positions and orders leave transferable (the positions context says how much). */
  INSUFFICIENT_MARGIN = 'INSUFFICIENT_MARGIN',
  DEPOSIT_LIMIT_EXCEEDED = 'DEPOSIT_LIMIT_EXCEEDED',
  SAME_ACCOUNT_TRANSFER = 'SAME_ACCOUNT_TRANSFER',
  WITHDRAWAL_NOT_FOUND = 'WITHDRAWAL_NOT_FOUND',
  WITHDRAWAL_NOT_PENDING = 'WITHDRAWAL_NOT_PENDING',
  INVALID_ADDRESS = 'INVALID_ADDRESS',
  ACCOUNT_NOT_FOUND = 'ACCOUNT_NOT_FOUND',
  INVALID_CURSOR = 'INVALID_CURSOR',
  /** An admin adjustment names no existing user. */
  USER_NOT_FOUND = 'USER_NOT_FOUND',
  /** A programming error in a caller: postings that do not balance. Never a user's fault. */
  UNBALANCED_TRANSACTION = 'UNBALANCED_TRANSACTION',
}

export class WalletError extends DomainError<WalletErrorCode> {
  readonly context = 'wallet';

  constructor(code: WalletErrorCode, message: string, details?: Readonly<Record<string, unknown>>) {
    super(code, message, details);
  }
}
