import { DomainError } from '@lib/kernel';

export enum RiskErrorCode {
  /** This funding time of this market is settled already (a repeat, another instance): nothing was paid again. */
  FUNDING_ALREADY_SETTLED = 'FUNDING_ALREADY_SETTLED',
  /** A funding time found a payer whose funds its batch did not read, or no mark: nothing was paid; the job tries again. */
  FUNDING_NOT_READY = 'FUNDING_NOT_READY',
  /** The user's kill switch on the settlement asset triggered today: only orders that reduce a position are taken until the next UTC day or until it is cleared. */
  KILL_SWITCH_ACTIVE = 'KILL_SWITCH_ACTIVE',
  /** One order's notional at its limit is above RISK_MAX_ORDER_NOTIONAL. */
  ORDER_NOTIONAL_TOO_LARGE = 'ORDER_NOTIONAL_TOO_LARGE',
  /** A kill switch on an asset no perpetual market settles in, or a limit that is not a positive amount of it. */
  INVALID_KILL_SWITCH = 'INVALID_KILL_SWITCH',
  /** DELETE of a kill switch the user does not have. */
  KILL_SWITCH_NOT_FOUND = 'KILL_SWITCH_NOT_FOUND',
  /** A history cursor this API did not return. */
  INVALID_CURSOR = 'INVALID_CURSOR',
}

export class RiskError extends DomainError<RiskErrorCode> {
  readonly context = 'risk';

  constructor(code: RiskErrorCode, message: string, details?: Readonly<Record<string, unknown>>) {
    super(code, message, details);
  }
}
