import { DomainError } from '@lib/kernel';

export enum PriceAlertsErrorCode {
  /** A target that is not a positive multiple of the market's tick, a percent with more than 2 decimals, or a field that does not fit the condition. */
  INVALID_ALERT = 'INVALID_ALERT',
  /** expiresAt is not in the future. */
  INVALID_ALERT_EXPIRY = 'INVALID_ALERT_EXPIRY',
  /** The user has PRICE_ALERTS_MAX_ACTIVE (50) active alerts already. */
  ALERT_LIMIT_REACHED = 'ALERT_LIMIT_REACHED',
  /** No such alert of this user (another user's alert answers the same). */
  ALERT_NOT_FOUND = 'ALERT_NOT_FOUND',
  /** DELETE of an alert that fired, expired or was cancelled already. */
  ALERT_NOT_ACTIVE = 'ALERT_NOT_ACTIVE',
  /** The market has no price of that source yet (a CROSSES alert needs the side it starts on). */
  ALERT_PRICE_UNAVAILABLE = 'ALERT_PRICE_UNAVAILABLE',
  /** A history cursor this API did not return. */
  INVALID_CURSOR = 'INVALID_CURSOR',
}

export class PriceAlertsError extends DomainError<PriceAlertsErrorCode> {
  readonly context = 'price-alerts';

  constructor(code: PriceAlertsErrorCode, message: string, details?: Readonly<Record<string, unknown>>) {
    super(code, message, details);
  }
}
