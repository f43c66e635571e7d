import { DomainError } from '@lib/kernel';

export enum PortfolioErrorCode {
  INVALID_TIME_RANGE = 'INVALID_TIME_RANGE',
  TOO_MANY_POINTS = 'TOO_MANY_POINTS',
}

export class PortfolioError extends DomainError<PortfolioErrorCode> {
  readonly context = 'portfolio';

  constructor(code: PortfolioErrorCode, message: string, details?: Readonly<Record<string, unknown>>) {
    super(code, message, details);
  }
}
