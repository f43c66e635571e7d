import request from 'supertest';
import { bearer, register } from './support/accounts';
import { TestApp, startTestApp } from './support/test-app';

/**
 * REDIS_URL points at a Redis that never answers: the rate limiter lets every request
 * through at once (fail open, a warning in the log) instead of refusing them or making
 * each wait for ioredis's reconnection.
 */
describe('rate limits while Redis is unreachable (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ REDIS_URL: 'redis://127.0.0.1:1', RATE_LIMIT_READS: '2/1m', RATE_LIMIT_PUBLIC: '2/1m' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('serves past every budget, promptly and without RateLimit headers', async () => {
    const user = await register(t.url);

    const started = Date.now();
    for (let i = 0; i < 5; i += 1) {
      const me = await request(t.url).get('/api/v1/auth/me').set(bearer(user.accessToken)).expect(200);
      expect(me.headers['ratelimit-limit']).toBeUndefined();
      await request(t.url).get('/api/v1/markets').expect(200);
    }
    // Ten requests; each waiting for a reconnection would take seconds.
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
