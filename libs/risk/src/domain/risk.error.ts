import { DomainError } from '@lib/kernel';

export enum RiskErrorCode {
  /** This funding time of this market is settled already (a repeat, another instance): nothing was paid again. */
  FUNDING_ALREADY_SETTLED = 'FUNDING_ALREADY_SETTLED',
  /** A funding time found a payer whose funds its batch did not read, or no mark: nothing was paid; the job tries again. */
  FUNDING_NOT_READY = 'FUNDING_NOT_READY',
  /** A history cursor this API did not return. */
  INVALID_CURSOR = 'INVALID_CURSOR',
}

export class RiskError extends DomainError<RiskErrorCode> {
  readonly context = 'risk';

  constructor(code: RiskErrorCode, message: string, details?: Readonly<Record<string, unknown>>) {
    super(code, message, details);
  }
}
