import { DomainError } from '@lib/kernel';

/** Stable codes (docs/analytics.md, "Signals"). */
export enum SignalsErrorCode {
  /** A condition that does not parse or an operand out of bounds. */
  INVALID_SIGNAL_RULE = 'INVALID_SIGNAL_RULE',
  /** No such rule of this user (another user's rule is not found either). */
  SIGNAL_NOT_FOUND = 'SIGNAL_NOT_FOUND',
  SIGNAL_LIMIT_REACHED = 'SIGNAL_LIMIT_REACHED',
}

export class SignalsError extends DomainError<SignalsErrorCode> {
  readonly context = 'signals';

  constructor(code: SignalsErrorCode, message: string, details?: Readonly<Record<string, unknown>>) {
    super(code, message, details);
  }
}
