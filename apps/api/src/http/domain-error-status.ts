import { HttpStatus } from '@nestjs/common';
import { AuthError, AuthErrorCode } from '@lib/auth';
import { DomainError } from '@lib/kernel';
import { WalletError, WalletErrorCode } from '@lib/wallet';

/**
 * The one place where domain error codes become HTTP statuses. Each context
 * has an exhaustive switch: adding a code without a status fails to compile.
 */
export function statusOfDomainError(error: DomainError): HttpStatus {
  if (error instanceof AuthError) return authStatus(error.code);
  if (error instanceof WalletError) return walletStatus(error.code);
  return HttpStatus.UNPROCESSABLE_ENTITY;
}

function authStatus(code: AuthErrorCode): HttpStatus {
  switch (code) {
    case AuthErrorCode.INVALID_EMAIL:
    case AuthErrorCode.INVALID_NAME:
    case AuthErrorCode.WEAK_PASSWORD:
    case AuthErrorCode.INVALID_CURRENT_PASSWORD:
    case AuthErrorCode.INVALID_CURSOR:
      return HttpStatus.BAD_REQUEST;
    case AuthErrorCode.INVALID_CREDENTIALS:
    case AuthErrorCode.UNAUTHENTICATED:
    case AuthErrorCode.TOKEN_EXPIRED:
    case AuthErrorCode.SESSION_REVOKED:
    case AuthErrorCode.INVALID_REFRESH_TOKEN:
    case AuthErrorCode.REFRESH_TOKEN_REUSED:
      return HttpStatus.UNAUTHORIZED;
    case AuthErrorCode.ACCOUNT_SUSPENDED:
    case AuthErrorCode.FORBIDDEN:
    case AuthErrorCode.CANNOT_CHANGE_OWN_STATUS:
      return HttpStatus.FORBIDDEN;
    case AuthErrorCode.USER_NOT_FOUND:
      return HttpStatus.NOT_FOUND;
    case AuthErrorCode.EMAIL_TAKEN:
      return HttpStatus.CONFLICT;
    case AuthErrorCode.TOO_MANY_LOGIN_ATTEMPTS:
      return HttpStatus.TOO_MANY_REQUESTS;
    default:
      return unmapped(code);
  }
}

function walletStatus(code: WalletErrorCode): HttpStatus {
  switch (code) {
    case WalletErrorCode.INVALID_AMOUNT:
    case WalletErrorCode.INVALID_ADDRESS:
    case WalletErrorCode.INVALID_CURSOR:
    case WalletErrorCode.SAME_ACCOUNT_TRANSFER:
      return HttpStatus.BAD_REQUEST;
    case WalletErrorCode.UNKNOWN_ASSET:
    case WalletErrorCode.WITHDRAWAL_NOT_FOUND:
    case WalletErrorCode.ACCOUNT_NOT_FOUND:
      return HttpStatus.NOT_FOUND;
    case WalletErrorCode.WITHDRAWAL_NOT_PENDING:
      return HttpStatus.CONFLICT;
    case WalletErrorCode.INSUFFICIENT_BALANCE:
    case WalletErrorCode.DEPOSIT_LIMIT_EXCEEDED:
      return HttpStatus.UNPROCESSABLE_ENTITY;
    case WalletErrorCode.UNBALANCED_TRANSACTION:
      return HttpStatus.INTERNAL_SERVER_ERROR;
    default:
      return unmapped(code);
  }
}

function unmapped(code: never): never {
  throw new Error(`No HTTP status for error code ${String(code)}`);
}
