import { DomainError } from '@lib/kernel';

/** Stable codes: clients switch on them, so they never change meaning. */
export enum AuthErrorCode {
  EMAIL_TAKEN = 'EMAIL_TAKEN',
  INVALID_EMAIL = 'INVALID_EMAIL',
  INVALID_NAME = 'INVALID_NAME',
  WEAK_PASSWORD = 'WEAK_PASSWORD',
  INVALID_CREDENTIALS = 'INVALID_CREDENTIALS',
  TOO_MANY_LOGIN_ATTEMPTS = 'TOO_MANY_LOGIN_ATTEMPTS',
  ACCOUNT_SUSPENDED = 'ACCOUNT_SUSPENDED',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  TOKEN_EXPIRED = 'TOKEN_EXPIRED',
  SESSION_REVOKED = 'SESSION_REVOKED',
  INVALID_REFRESH_TOKEN = 'INVALID_REFRESH_TOKEN',
  REFRESH_TOKEN_REUSED = 'REFRESH_TOKEN_REUSED',
  INVALID_CURRENT_PASSWORD = 'INVALID_CURRENT_PASSWORD',
  TOO_MANY_PASSWORD_ATTEMPTS = 'TOO_MANY_PASSWORD_ATTEMPTS',
  FORBIDDEN = 'FORBIDDEN',
  USER_NOT_FOUND = 'USER_NOT_FOUND',
  CANNOT_CHANGE_OWN_STATUS = 'CANNOT_CHANGE_OWN_STATUS',
  /** An admin cannot change their own role (no self-demotion: the platform keeps the admin who acts). */
  CANNOT_CHANGE_OWN_ROLE = 'CANNOT_CHANGE_OWN_ROLE',
  INVALID_CURSOR = 'INVALID_CURSOR',
  /** Boot: ADMIN_EMAIL names an existing account that is not an admin, and ADMIN_ALLOW_PROMOTION is off. */
  ADMIN_PROMOTION_REFUSED = 'ADMIN_PROMOTION_REFUSED',
  /** API keys (docs/api-keys.md): a request to create one that cannot be (bad public key, allowlist, expiry in the past). */
  INVALID_API_KEY_REQUEST = 'INVALID_API_KEY_REQUEST',
  /** The user holds MAX_API_KEYS_PER_USER live keys already. */
  API_KEY_LIMIT = 'API_KEY_LIMIT',
  /** No such key of this user (another user's key is not found either). */
  API_KEY_NOT_FOUND = 'API_KEY_NOT_FOUND',
  /** A signed request (docs/api-keys.md): its headers are missing or malformed. */
  API_KEY_HEADERS = 'API_KEY_HEADERS',
  /** Unknown, revoked or expired key. */
  API_KEY_INVALID = 'API_KEY_INVALID',
  TIMESTAMP_OUTSIDE_WINDOW = 'TIMESTAMP_OUTSIDE_WINDOW',
  SIGNATURE_INVALID = 'SIGNATURE_INVALID',
  /** The same signature again inside its window. */
  SIGNATURE_REPLAYED = 'SIGNATURE_REPLAYED',
  IP_NOT_ALLOWED = 'IP_NOT_ALLOWED',
  /** The route needs a permission the key does not have (or takes no API key at all). */
  API_KEY_PERMISSION = 'API_KEY_PERMISSION',
  /** Two-factor authentication (docs/two-factor.md): setup asked while 2FA is already on. */
  TWO_FACTOR_ALREADY_ENABLED = 'TWO_FACTOR_ALREADY_ENABLED',
  /** Confirm without a pending setup. */
  TWO_FACTOR_NOT_PENDING = 'TWO_FACTOR_NOT_PENDING',
  /** Removal while 2FA is off. */
  TWO_FACTOR_NOT_ENABLED = 'TWO_FACTOR_NOT_ENABLED',
  /** The action needs a current code (X-2FA-Code) and none was sent. */
  TWO_FACTOR_REQUIRED = 'TWO_FACTOR_REQUIRED',
  /** The code (or recovery code) is wrong; counted like a wrong password. */
  TWO_FACTOR_CODE_INVALID = 'TWO_FACTOR_CODE_INVALID',
  /** The code was right but already used (its time step or a later one was accepted before). */
  TWO_FACTOR_CODE_REPLAYED = 'TWO_FACTOR_CODE_REPLAYED',
  TOO_MANY_TWO_FACTOR_ATTEMPTS = 'TOO_MANY_TWO_FACTOR_ATTEMPTS',
  /** The login's mfaToken is unknown, used or expired: log in again. */
  MFA_TOKEN_INVALID = 'MFA_TOKEN_INVALID',
  /** A listen key (docs/api-keys.md) that is not the user's, unknown, closed or expired: one answer for all. */
  LISTEN_KEY_NOT_FOUND = 'LISTEN_KEY_NOT_FOUND',
}

export class AuthError extends DomainError<AuthErrorCode> {
  readonly context = 'auth';

  constructor(code: AuthErrorCode, message: string, details?: Readonly<Record<string, unknown>>) {
    super(code, message, details);
  }
}
