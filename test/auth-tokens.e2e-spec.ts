import { createSecretKey } from 'node:crypto';
import { sign } from 'jsonwebtoken';
import request from 'supertest';
import { bearer, register } from './support/accounts';
import { TEST_JWT_SECRET, TestApp, startTestApp } from './support/test-app';

/** Tokens forged or tampered with by a client are all plain 401s. */
describe('auth: access token verification (e2e)', () => {
  let t: TestApp;
  let userId: string;
  let sessionId: string;
  let valid: string;

  beforeAll(async () => {
    t = await startTestApp();
    const account = await register(t.url);
    valid = account.accessToken;
    userId = account.id;
    sessionId = JSON.parse(Buffer.from(valid.split('.')[1]!, 'base64url').toString()).sid;
  });
  afterAll(async () => {
    await t.close();
  });

  const me = (headers: Record<string, string>) => request(t.url).get('/api/v1/auth/me').set(headers);
  const claims = () => ({ sid: sessionId, role: 'USER' });
  const options = { subject: '', issuer: 'exchange', audience: 'exchange-api', algorithm: 'HS256' as const };

  it('accepts the issued token', async () => {
    await me(bearer(valid)).expect(200);
  });

  it('is 401 UNAUTHENTICATED without a token, with WWW-Authenticate', async () => {
    const response = await me({}).expect(401);
    expect(response.body.code).toBe('UNAUTHENTICATED');
    expect(response.headers['www-authenticate']).toBe('Bearer');
  });

  it('is 401 TOKEN_EXPIRED for an expired token', async () => {
    const expired = sign({ ...claims(), exp: Math.floor(Date.now() / 1000) - 60 }, TEST_JWT_SECRET, { ...options, subject: userId });
    expect((await me(bearer(expired)).expect(401)).body.code).toBe('TOKEN_EXPIRED');
  });

  it('is 401 for alg "none"', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(
      JSON.stringify({ ...claims(), sub: userId, iss: 'exchange', aud: 'exchange-api', exp: Math.floor(Date.now() / 1000) + 600 }),
    ).toString('base64url');
    expect((await me(bearer(`${header}.${payload}.`)).expect(401)).body.code).toBe('UNAUTHENTICATED');
  });

  it('is 401 for a token re-signed with another key, or with the role changed', async () => {
    const forged = sign(claims(), 'another-secret-that-is-long-enough-000000', { ...options, subject: userId });
    await me(bearer(forged)).expect(401);
    const [h, , s] = valid.split('.');
    const tampered = Buffer.from(JSON.stringify({ ...claims(), role: 'ADMIN', sub: userId })).toString('base64url');
    await me(bearer(`${h}.${tampered}.${s}`)).expect(401);
  });

  it('is 401 for another algorithm, issuer or audience, even with the right key', async () => {
    const key = createSecretKey(Buffer.from(TEST_JWT_SECRET));
    await me(bearer(sign(claims(), key, { ...options, subject: userId, algorithm: 'HS512' }))).expect(401);
    await me(bearer(sign(claims(), key, { ...options, subject: userId, issuer: 'someone-else' }))).expect(401);
    await me(bearer(sign(claims(), key, { ...options, subject: userId, audience: 'other-api' }))).expect(401);
  });

  it('is 401 for a well-signed token naming a session that does not exist', async () => {
    const key = createSecretKey(Buffer.from(TEST_JWT_SECRET));
    const token = sign({ sid: '00000000-0000-4000-8000-000000000000', role: 'USER' }, key, { ...options, subject: userId });
    expect((await me(bearer(token)).expect(401)).body.code).toBe('UNAUTHENTICATED');
  });

  it('never accepts a token in the query string', async () => {
    await request(t.url).get(`/api/v1/auth/me?access_token=${valid}`).expect(401);
  });
});
