import request from 'supertest';
import { bearer, login, register } from './accounts';
import { TestApp, startTestApp } from './test-app';

/**
 * The HTTP rate limits end to end, on the storage `env` selects (Redis when REDIS_URL is set,
 * memory when it is blank). Budgets of one minute: no test depends on a window rolling over.
 * Each test uses its own users, and its own client IP (X-Forwarded-For from a trusted loopback proxy).
 */
export function describeRateLimits(title: string, env: Record<string, string>): void {
  describe(title, () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await startTestApp({
        TRUST_PROXY: 'loopback',
        CORS_ORIGINS: 'https://app.example.com',
        RATE_LIMIT_ORDERS: '5/1m',
        RATE_LIMIT_READS: '4/1m',
        RATE_LIMIT_WRITES: '3/1m',
        RATE_LIMIT_PUBLIC: '3/1m',
        ...env,
      });
    });
    afterAll(async () => {
      await t.close();
    });

    const from = (ip: string) => ({ 'x-forwarded-for': ip });

    it('tells a client its budget on every answer of a limited route', async () => {
      const user = await register(t.url);

      const first = await request(t.url).get('/api/v1/auth/me').set(bearer(user.accessToken)).expect(200);
      const second = await request(t.url).get('/api/v1/auth/me').set(bearer(user.accessToken)).expect(200);

      expect(first.headers).toMatchObject({ 'ratelimit-limit': '4', 'ratelimit-remaining': '3', 'ratelimit-policy': '4;w=60' });
      expect(second.headers).toMatchObject({ 'ratelimit-limit': '4', 'ratelimit-remaining': '2' });
      expect(Number(first.headers['ratelimit-reset'])).toBeGreaterThan(0);
      expect(Number(first.headers['ratelimit-reset'])).toBeLessThanOrEqual(60);
    });

    it('refuses orders past the per-user budget: 429 problem details with Retry-After; other users and budgets go on', async () => {
      const alice = await register(t.url);
      const bob = await register(t.url);

      const answers = await Promise.all(Array.from({ length: 8 }, () => request(t.url).delete('/api/v1/orders').set(bearer(alice.accessToken))));

      expect(answers.filter((r) => r.status === 200)).toHaveLength(5);
      const refused = answers.filter((r) => r.status === 429);
      expect(refused).toHaveLength(3);
      for (const r of refused) {
        expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(r.body).toMatchObject({ status: 429, code: 'RATE_LIMITED', type: 'urn:exchange:problem:RATE_LIMITED', budget: 'orders' });
        const retryAfter = Number(r.headers['retry-after']);
        expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
        expect(r.body.retryAfterSeconds).toBe(retryAfter);
        expect(r.headers).toMatchObject({ 'ratelimit-limit': '5', 'ratelimit-remaining': '0', 'ratelimit-policy': '5;w=60' });
      }
      await request(t.url).delete('/api/v1/orders').set(bearer(bob.accessToken)).expect(200);
      await request(t.url).get('/api/v1/orders').set(bearer(alice.accessToken)).expect(200);
    });

    it('counts per user, not per session: two logins of one account share the budget', async () => {
      const user = await register(t.url);
      const other = await login(t.url, user.email, user.password);

      for (let i = 0; i < 2; i += 1) await request(t.url).get('/api/v1/wallet').set(bearer(user.accessToken)).expect(200);
      for (let i = 0; i < 2; i += 1) await request(t.url).get('/api/v1/wallet').set(bearer(other.accessToken)).expect(200);

      await request(t.url).get('/api/v1/wallet').set(bearer(user.accessToken)).expect(429);
      await request(t.url).get('/api/v1/wallet').set(bearer(other.accessToken)).expect(429);
    });

    it('gives other authenticated requests their own writes budget', async () => {
      const user = await register(t.url);

      for (let i = 0; i < 3; i += 1) {
        await request(t.url).patch('/api/v1/auth/me').set(bearer(user.accessToken)).send({ name: `Name ${i}` }).expect(200);
      }
      const refused = await request(t.url).patch('/api/v1/auth/me').set(bearer(user.accessToken)).send({ name: 'Again' }).expect(429);
      expect(refused.body.budget).toBe('writes');
      await request(t.url).get('/api/v1/auth/me').set(bearer(user.accessToken)).expect(200);
    });

    it('limits public market data per client IP', async () => {
      for (let i = 0; i < 3; i += 1) await request(t.url).get('/api/v1/markets').set(from('198.51.100.7')).expect(200);

      const refused = await request(t.url).get('/api/v1/markets/BTC-USDT').set(from('198.51.100.7')).expect(429);
      expect(refused.body).toMatchObject({ code: 'RATE_LIMITED', budget: 'public' });
      await request(t.url).get('/api/v1/markets').set(from('198.51.100.8')).expect(200);
    });

    it('never limits the health routes', async () => {
      const answers = await Promise.all(Array.from({ length: 12 }, () => request(t.url).get('/api/health/live').set(from('198.51.100.9'))));

      expect(answers.map((r) => r.status)).toEqual(Array(12).fill(200));
      expect(answers[0]!.headers['ratelimit-limit']).toBeUndefined();
    });

    it('lets a browser read the rate-limit headers (CORS)', async () => {
      const response = await request(t.url).get('/api/v1/markets').set({ origin: 'https://app.example.com', ...from('198.51.100.10') }).expect(200);

      const exposed = String(response.headers['access-control-expose-headers']).toLowerCase().split(/\s*,\s*/);
      expect(exposed).toEqual(expect.arrayContaining(['retry-after', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset', 'ratelimit-policy']));
    });
  });
}
