import { DomainError } from '@lib/kernel';

export enum PositionsErrorCode {
  INVALID_CURSOR = 'INVALID_CURSOR',
}

export class PositionsError extends DomainError<PositionsErrorCode> {
  readonly context = 'positions';

  constructor(code: PositionsErrorCode, message: string, details?: Readonly<Record<string, unknown>>) {
    super(code, message, details);
  }
}
