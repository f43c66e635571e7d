import { AccessTokenVerification } from '@lib/auth';
import { isUuid } from '@lib/kernel';
import { TokenExpiredError, verify } from 'jsonwebtoken';
import { UserConnectErrorCode } from './user.events';

/** A refusal of a /user token: the handshake's `connect_error` ({message, data: {code, message}}), or an `authenticate` ack's error. */
export class UserConnectError extends Error {
  readonly data: { readonly code: UserConnectErrorCode; readonly message: string };

  constructor(code: UserConnectErrorCode, message: string) {
    super(message);
    this.data = { code, message };
  }
}

/** What a verified access token says. */
export interface AccessClaims {
  readonly userId: string;
  readonly sessionId: string;
  /** When it expires (ms since the epoch). */
  readonly expiresAt: number;
}

/**
 * Verifies an access token like the HTTP guard does (HS256 pinned, issuer,
 * audience, expiry; "Bearer " accepted). Throws UserConnectError:
 * UNAUTHENTICATED, or TOKEN_EXPIRED with `expiredMessage`.
 */
export function verifyAccessToken(raw: unknown, verification: AccessTokenVerification, expiredMessage: string): AccessClaims {
  if (typeof raw !== 'string' || raw.trim() === '') {
    throw new UserConnectError('UNAUTHENTICATED', 'An access token is required in the handshake auth: io(url, {auth: {token}}) (or a listen key: {auth: {listenKey}})');
  }
  const token = raw.trim().replace(/^Bearer\s+/i, '');
  let claims: { sub?: unknown; sid?: unknown; exp?: unknown };
  try {
    claims = verify(token, verification.key, {
      algorithms: verification.algorithms,
      issuer: verification.issuer,
      audience: verification.audience,
    }) as { sub?: unknown; sid?: unknown; exp?: unknown };
  } catch (error) {
    if (error instanceof TokenExpiredError) throw new UserConnectError('TOKEN_EXPIRED', expiredMessage);
    throw new UserConnectError('UNAUTHENTICATED', 'The access token is not valid');
  }
  const { sub, sid, exp } = claims;
  // Our tokens always expire: one without `exp` would keep a socket open forever.
  if (typeof sub !== 'string' || typeof sid !== 'string' || !isUuid(sub) || !isUuid(sid) || typeof exp !== 'number' || !Number.isFinite(exp)) {
    throw new UserConnectError('UNAUTHENTICATED', 'The access token is not valid');
  }
  return { userId: sub, sessionId: sid, expiresAt: exp * 1000 };
}

/** Query parameters that must never carry a token or a listen key (logged by proxies, kept in browser history). */
const TOKEN_QUERY_KEYS = new Set(['token', 'access_token', 'accesstoken', 'auth', 'authorization', 'jwt', 'bearer', 'listenkey', 'listen_key']);
/** A JWT anywhere in the query (its header always starts `{"` = `eyJ`). */
const JWT_LIKE = /eyJ[\w-]*\.[\w-]+\./;

/** Refuses a handshake whose query string carries a token (TOKEN_IN_QUERY): tokens go in the handshake `auth`. */
export function assertNoTokenInQuery(query: Record<string, unknown> | undefined): void {
  for (const [key, value] of Object.entries(query ?? {})) {
    const values = Array.isArray(value) ? value : [value];
    if (TOKEN_QUERY_KEYS.has(key.toLowerCase()) || values.some((v) => typeof v === 'string' && JWT_LIKE.test(v))) {
      throw new UserConnectError('TOKEN_IN_QUERY', 'Never send the access token in the query string: pass it in the handshake auth, io(url, {auth: {token}})');
    }
  }
}
