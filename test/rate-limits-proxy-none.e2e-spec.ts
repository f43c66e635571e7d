import request from 'supertest';
import { TestApp, startTestApp } from './support/test-app';

/** TRUST_PROXY unset: X-Forwarded-For is ignored, a client cannot pick a fresh IP bucket per request. */
describe('rate limits without a trusted proxy (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PUBLIC: '2/1m' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('counts the peer address whatever X-Forwarded-For says', async () => {
    await request(t.url).get('/api/v1/markets').set('x-forwarded-for', '198.51.100.1').expect(200);
    await request(t.url).get('/api/v1/markets').set('x-forwarded-for', '198.51.100.2').expect(200);

    const refused = await request(t.url).get('/api/v1/markets').set('x-forwarded-for', '198.51.100.3').expect(429);
    expect(refused.body.code).toBe('RATE_LIMITED');
  });
});
