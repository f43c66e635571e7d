import { createSecretKey, randomUUID } from 'node:crypto';
import type { AccessTokenVerification } from '@lib/auth';
import { sign } from 'jsonwebtoken';
import { UserConnectError, verifyAccessToken } from './user-token';

const secret = 'unit-secret-that-is-long-enough-0123456789';
const verification: AccessTokenVerification = { key: createSecretKey(Buffer.from(secret)), algorithms: ['HS256'], issuer: 'exchange', audience: 'exchange-api' };
const token = (claims: Record<string, unknown>) => sign(claims, secret, { algorithm: 'HS256', issuer: 'exchange', audience: 'exchange-api', noTimestamp: true });

function codeOf(raw: unknown): string | undefined {
  try {
    verifyAccessToken(raw, verification, 'expired');
    return undefined;
  } catch (error) {
    return (error as UserConnectError).data.code;
  }
}

describe('verifyAccessToken', () => {
  it('returns the user, the session and the expiry in ms, with or without "Bearer "', () => {
    const [sub, sid] = [randomUUID(), randomUUID()];
    const exp = Math.floor(Date.now() / 1000) + 60;
    const claims = { userId: sub, sessionId: sid, expiresAt: exp * 1000 };
    expect(verifyAccessToken(token({ sub, sid, exp }), verification, 'expired')).toEqual(claims);
    expect(verifyAccessToken(`Bearer ${token({ sub, sid, exp })}`, verification, 'expired')).toEqual(claims);
  });

  it('refuses a token without exp (it would keep a socket open forever), an expired one, and anything else invalid', () => {
    const [sub, sid] = [randomUUID(), randomUUID()];
    expect(codeOf(token({ sub, sid }))).toBe('UNAUTHENTICATED');
    expect(codeOf(token({ sub, sid, exp: Math.floor(Date.now() / 1000) - 5 }))).toBe('TOKEN_EXPIRED');
    expect(codeOf(token({ sub: 'not-a-uuid', sid, exp: Math.floor(Date.now() / 1000) + 60 }))).toBe('UNAUTHENTICATED');
    expect(codeOf('')).toBe('UNAUTHENTICATED');
    expect(codeOf(42)).toBe('UNAUTHENTICATED');
  });
});
