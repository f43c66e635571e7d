import { createSecretKey } from 'node:crypto';
import { AccessTokenVerification } from '@lib/auth';
import { JsonWebTokenError, TokenExpiredError, sign } from 'jsonwebtoken';
import { VerifiedTokens } from './verified-tokens';

const key = createSecretKey(Buffer.from('a test secret of at least thirty-two bytes'));
const verification: AccessTokenVerification = { key, algorithms: ['HS256'], issuer: 'exchange', audience: 'exchange-api' };

function token(claims: object, options: { expiresIn?: number; notBefore?: number; key?: typeof key } = {}): string {
  return sign(claims, options.key ?? key, {
    algorithm: 'HS256',
    issuer: 'exchange',
    audience: 'exchange-api',
    ...(options.expiresIn !== undefined ? { expiresIn: options.expiresIn } : {}),
    ...(options.notBefore !== undefined ? { notBefore: options.notBefore } : {}),
  });
}

describe('VerifiedTokens', () => {
  it('remembers an accepted token and refuses it as expired once the second of its exp is reached', () => {
    let now = Date.now();
    const tokens = new VerifiedTokens(verification, 10, () => now);
    const jwt = token({ sub: 'u', sid: 's' }, { expiresIn: 60 });

    const first = tokens.verify(jwt);
    expect(first).toMatchObject({ sub: 'u', sid: 's' });
    expect(tokens.verify(jwt)).toBe(first);
    expect(tokens.size).toBe(1);

    const exp = (first as { exp: number }).exp;
    now = exp * 1000 - 1;
    expect(tokens.verify(jwt)).toBe(first);
    now = exp * 1000;
    expect(() => tokens.verify(jwt)).toThrow(TokenExpiredError);
    expect(tokens.size).toBe(0);
  });

  it('refuses what jsonwebtoken refuses, and remembers no refusal', () => {
    const tokens = new VerifiedTokens(verification);
    const forged = token({ sub: 'u' }, { expiresIn: 60, key: createSecretKey(Buffer.from('another secret of thirty-two bytes or more')) });
    const expired = token({ sub: 'u', exp: Math.floor(Date.now() / 1000) - 10 });
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from('{"sub":"u"}').toString('base64url')}.`;

    expect(() => tokens.verify(forged)).toThrow(JsonWebTokenError);
    expect(() => tokens.verify(forged)).toThrow(JsonWebTokenError);
    expect(() => tokens.verify(expired)).toThrow(TokenExpiredError);
    expect(() => tokens.verify(none)).toThrow(JsonWebTokenError);
    expect(() => tokens.verify(`${token({ sub: 'u' }, { expiresIn: 60 })}x`)).toThrow(JsonWebTokenError);
    expect(tokens.size).toBe(0);
  });

  it('verifies every time a token without exp or with nbf', () => {
    const tokens = new VerifiedTokens(verification);

    tokens.verify(token({ sub: 'forever' }));
    tokens.verify(token({ sub: 'later' }, { expiresIn: 60, notBefore: 0 }));

    expect(tokens.size).toBe(0);
  });

  it('forgets the oldest token past its maximum', () => {
    const tokens = new VerifiedTokens(verification, 2);
    const jwts = ['a', 'b', 'c'].map((sub) => token({ sub }, { expiresIn: 60 }));

    for (const jwt of jwts) tokens.verify(jwt);

    expect(tokens.size).toBe(2);
    expect(tokens.verify(jwts[0]!)).toMatchObject({ sub: 'a' });
  });
});
