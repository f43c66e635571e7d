import request from 'supertest';
import { bearer, register } from './support/accounts';
import { TestApp, startTestApp } from './support/test-app';

const ORIGIN = 'https://app.example.com';

describe('CORS (e2e)', () => {
  describe('with the default CORS_ORIGINS=*', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp();
    });
    afterAll(() => t.close());

    const preflight = (method: string, path: string, headers = 'authorization,content-type,idempotency-key,x-request-id') =>
      request(t.url).options(path).set('origin', ORIGIN).set('access-control-request-method', method).set('access-control-request-headers', headers);

    it.each([
      ['DELETE', '/api/v1/orders/0b8e4a52-6f7d-4f0e-9a38-2f1de1c1f0a1'],
      ['PATCH', '/api/v1/orders/0b8e4a52-6f7d-4f0e-9a38-2f1de1c1f0a1'],
      ['PATCH', '/api/v1/auth/me'],
      ['PUT', '/api/v1/auth/password'],
      ['POST', '/api/v1/orders'],
    ])('lets a browser app on another origin send %s %s with its headers', async (method, path) => {
      const response = await preflight(method, path).expect(204);
      expect(response.headers['access-control-allow-origin']).toBe(ORIGIN);
      expect(response.headers['access-control-allow-methods']!.split(/, */)).toEqual(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']);
      expect(response.headers['access-control-allow-headers']!.split(/, */)).toEqual(['authorization', 'content-type', 'idempotency-key', 'x-request-id']);
      expect(response.headers['access-control-allow-credentials']).toBeUndefined();
      expect(response.headers['access-control-max-age']).toBe('600');
    });

    it('exposes the headers a client reads: request id, back-off, rate limits, replays', async () => {
      const user = await register(t.url);
      const response = await request(t.url).patch('/api/v1/auth/me').set('origin', ORIGIN).set(bearer(user.accessToken)).send({ name: 'Cors' }).expect(200);
      expect(response.headers['access-control-allow-origin']).toBe(ORIGIN);
      expect(response.headers['access-control-expose-headers']!.split(/, */)).toEqual([
        'x-request-id',
        'retry-after',
        'idempotent-replayed',
        'ratelimit-limit',
        'ratelimit-remaining',
        'ratelimit-reset',
        'ratelimit-policy',
      ]);
    });
  });

  describe('with a list of origins', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ CORS_ORIGINS: `${ORIGIN}, http://localhost:5173` });
    });
    afterAll(() => t.close());

    it('answers listed origins only', async () => {
      const listed = await request(t.url).options('/api/v1/auth/password').set('origin', 'http://localhost:5173').set('access-control-request-method', 'PUT').expect(204);
      expect(listed.headers['access-control-allow-origin']).toBe('http://localhost:5173');
      expect(listed.headers['access-control-allow-methods']).toContain('PUT');
      const other = await request(t.url).options('/api/v1/auth/password').set('origin', 'https://evil.example').set('access-control-request-method', 'PUT');
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    });
  });

  describe('with CORS_ORIGINS=none', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ CORS_ORIGINS: 'none' });
    });
    afterAll(() => t.close());

    it('sends no CORS headers', async () => {
      const response = await request(t.url).get('/api/health/live').set('origin', ORIGIN);
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
    });
  });
});
