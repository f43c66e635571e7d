import { DomainError } from '@lib/kernel';

export enum PositionsErrorCode {
  INVALID_CURSOR = 'INVALID_CURSOR',
  /** A position route on a market that is not a perpetual (spot). */
  MARKET_NOT_PERPETUAL = 'MARKET_NOT_PERPETUAL',
  /** Closing a position that is flat. */
  NO_POSITION = 'NO_POSITION',
}

export class PositionsError extends DomainError<PositionsErrorCode> {
  readonly context = 'positions';

  constructor(code: PositionsErrorCode, message: string, details?: Readonly<Record<string, unknown>>) {
    super(code, message, details);
  }
}
