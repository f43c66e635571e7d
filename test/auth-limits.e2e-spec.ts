import request from 'supertest';
import { PASSWORD, bearer, register, uniqueEmail } from './support/accounts';
import { TestApp, startTestApp } from './support/test-app';

/**
 * Password guessing under bursts: every attempt takes its place in the budget
 * atomically before argon2 runs, so a burst of parallel guesses cannot all be
 * evaluated while the first ones are still being verified. Each test speaks
 * from its own client IP (X-Forwarded-For from a trusted loopback proxy).
 */
describe('auth limits under bursts (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      TRUST_PROXY: 'loopback',
      LOGIN_MAX_FAILURES: '5',
      LOGIN_MAX_FAILURES_PER_IP: '100000',
      RATE_LIMIT_REGISTER: '5/1h',
    });
  });
  afterAll(async () => {
    await t.close();
  });

  const from = (ip: string) => ({ 'x-forwarded-for': ip });

  it('evaluates 5 of 100 parallel wrong passwords for one account; the rest are 429 with Retry-After', async () => {
    const account = await request(t.url).post('/api/v1/auth/register').set(from('198.51.100.1')).send({ email: uniqueEmail('burst'), password: PASSWORD, name: 'Burst' }).expect(201);
    const email = account.body.user.email as string;

    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        request(t.url).post('/api/v1/auth/login').set(from(`198.51.100.${10 + (i % 50)}`)).send({ email, password: `wrong password ${i}` }),
      ),
    );

    const evaluated = answers.filter((r) => r.status === 401);
    const refused = answers.filter((r) => r.status === 429);
    expect(evaluated.length).toBe(5);
    expect(refused.length).toBe(95);
    for (const r of refused) {
      expect(r.body.code).toBe('TOO_MANY_LOGIN_ATTEMPTS');
      expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
    }
    // The right password is refused too until the window ends.
    await request(t.url).post('/api/v1/auth/login').set(from('198.51.100.99')).send({ email, password: PASSWORD }).expect(429);
  });

  it('evaluates 5 of 20 parallel wrong current passwords of PUT /auth/password; the rest are 429', async () => {
    const user = await register(t.url);

    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        request(t.url)
          .put('/api/v1/auth/password')
          .set(bearer(user.accessToken))
          .send({ currentPassword: `not my password ${i}`, newPassword: 'a brand new passphrase 1' }),
      ),
    );

    const evaluated = answers.filter((r) => r.status === 400);
    const refused = answers.filter((r) => r.status === 429);
    expect(evaluated.map((r) => r.body.code)).toEqual(Array(5).fill('INVALID_CURRENT_PASSWORD'));
    expect(refused.length).toBe(15);
    for (const r of refused) {
      expect(r.body.code).toBe('TOO_MANY_PASSWORD_ATTEMPTS');
      expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
    }
    // Even the right current password waits now: the guesser holds the session, not the password.
    await request(t.url)
      .put('/api/v1/auth/password')
      .set(bearer(user.accessToken))
      .send({ currentPassword: PASSWORD, newPassword: 'a brand new passphrase 1' })
      .expect(429);
  });

  it('a right current password gives its attempt back: 5 changes in a row all succeed', async () => {
    const user = await register(t.url);
    let current = PASSWORD;
    for (let i = 0; i < 6; i += 1) {
      const next = `another fresh passphrase ${i}`;
      await request(t.url).put('/api/v1/auth/password').set(bearer(user.accessToken)).send({ currentPassword: current, newPassword: next }).expect(204);
      current = next;
    }
  });

  it('registers 5 accounts of 20 sent at once from one IP; the rest are 429 RATE_LIMITED', async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        request(t.url).post('/api/v1/auth/register').set(from('203.0.113.50')).send({ email: uniqueEmail('farm'), password: PASSWORD, name: 'Farm' }),
      ),
    );

    expect(answers.filter((r) => r.status === 201)).toHaveLength(5);
    const refused = answers.filter((r) => r.status === 429);
    expect(refused).toHaveLength(15);
    for (const r of refused) {
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(r.body).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
      expect(Number(r.headers['retry-after'])).toBeGreaterThan(3500);
      expect(r.headers['ratelimit-policy']).toContain('5;w=3600');
    }
    // Another client IP has its own budget.
    await request(t.url).post('/api/v1/auth/register').set(from('203.0.113.51')).send({ email: uniqueEmail('farm'), password: PASSWORD, name: 'Farm' }).expect(201);
  });
});
