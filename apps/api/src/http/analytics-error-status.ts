import { HttpStatus } from '@nestjs/common';
import { SignalsErrorCode } from '@lib/signals';

/** The analytics contexts' codes (issue 19); exhaustive like domain-error-status.ts. */
export function signalsStatus(code: SignalsErrorCode): HttpStatus {
  switch (code) {
    case SignalsErrorCode.INVALID_SIGNAL_RULE:
      return HttpStatus.BAD_REQUEST;
    case SignalsErrorCode.SIGNAL_NOT_FOUND:
      return HttpStatus.NOT_FOUND;
    case SignalsErrorCode.SIGNAL_LIMIT_REACHED:
      return HttpStatus.UNPROCESSABLE_ENTITY;
    default:
      return unmapped(code);
  }
}

function unmapped(code: never): never {
  throw new Error(`No HTTP status for error code ${String(code)}`);
}
