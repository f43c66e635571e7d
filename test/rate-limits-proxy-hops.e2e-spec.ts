import request from 'supertest';
import { TestApp, startTestApp } from './support/test-app';

/** TRUST_PROXY=1: one proxy in front; the client is the address it appended, not what the client wrote before it. */
describe('rate limits behind one trusted proxy hop (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ TRUST_PROXY: '1', RATE_LIMIT_PUBLIC: '2/1m' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('buckets by the address the proxy saw; a forged entry before it changes nothing', async () => {
    const via = (forwarded: string) => request(t.url).get('/api/v1/markets').set('x-forwarded-for', forwarded);

    await via('203.0.113.1, 198.51.100.20').expect(200);
    await via('203.0.113.2, 198.51.100.20').expect(200);
    await via('203.0.113.3, 198.51.100.20').expect(429);

    await via('198.51.100.21').expect(200);
  });
});
