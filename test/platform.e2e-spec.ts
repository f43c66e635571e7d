import SwaggerParser from '@apidevtools/swagger-parser';
import request from 'supertest';
import { PASSWORD, login, register } from './support/accounts';
import { TestApp, startTestApp } from './support/test-app';

describe('platform: health, errors, request ids, OpenAPI, restart (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('reports health, liveness and readiness without authentication', async () => {
    const redis = process.env.REDIS_URL ? 'up' : 'disabled';
    const health = await request(t.url).get('/api/health').expect(200);
    expect(health.body).toEqual({ status: 'ok', instance: expect.stringMatching(/^[0-9a-f]{12}$/), checks: { database: 'up', redis } });
    await request(t.url).get('/api/health/live').expect(200, { status: 'ok' });
    const ready = await request(t.url).get('/api/health/ready').expect(200);
    expect(ready.body.checks.database).toBe('up');
    // One instance id per process: the readiness answer names the process whose log lines carry it.
    expect(ready.body.instance).toBe(health.body.instance);
  });

  it('answers an unknown route with a 404 problem', async () => {
    const response = await request(t.url).get('/api/v1/does-not-exist').expect(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 404, code: 'NOT_FOUND', instance: '/api/v1/does-not-exist' });
  });

  it('echoes a sane X-Request-Id, mints one otherwise, and puts it in error bodies', async () => {
    const echoed = await request(t.url).get('/api/v1/nope').set('x-request-id', 'client-abc-123').expect(404);
    expect(echoed.headers['x-request-id']).toBe('client-abc-123');
    expect(echoed.body.requestId).toBe('client-abc-123');
    const minted = await request(t.url).get('/api/health/live').expect(200);
    expect(minted.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const hostile = await request(t.url).get('/api/health/live').set('x-request-id', 'a b\tc<script>').expect(200);
    expect(hostile.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves Swagger UI at /docs and a valid OpenAPI document at /docs-json', async () => {
    await request(t.url).get('/docs').expect(200).expect('content-type', /html/);
    const response = await request(t.url).get('/docs-json').expect(200);
    const document = response.body;
    await expect(SwaggerParser.validate(structuredClone(document))).resolves.toBeDefined();
    expect(document.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    const routes = [
      ['post', '/api/v1/auth/register'],
      ['post', '/api/v1/auth/login'],
      ['post', '/api/v1/auth/refresh'],
      ['post', '/api/v1/auth/logout'],
      ['get', '/api/v1/auth/me'],
      ['patch', '/api/v1/auth/me'],
      ['put', '/api/v1/auth/password'],
      ['get', '/api/v1/admin/users'],
      ['post', '/api/v1/admin/users/{id}/suspend'],
      ['get', '/api/health/ready'],
    ] as const;
    for (const [method, path] of routes) {
      const operation = document.paths[path]?.[method];
      expect({ path, method, documented: operation !== undefined }).toEqual({ path, method, documented: true });
      const statuses = Object.keys(operation.responses);
      expect(statuses.some((s) => s.startsWith('2'))).toBe(true);
    }
    // Error responses carry the problem schema with example codes.
    const conflict = document.paths['/api/v1/auth/register'].post.responses['409'];
    expect(conflict.content['application/problem+json'].examples.EMAIL_TAKEN.value.code).toBe('EMAIL_TAKEN');
    expect(document.paths['/api/v1/auth/me'].get.security).toEqual([{ bearer: [] }]);
    expect(document.components.schemas.RegisterDto.properties.email.example).toBe('alice@example.com');
  });

  it('keeps accounts across an application restart', async () => {
    const account = await register(t.url);
    await t.close();
    t = await startTestApp();
    await login(t.url, account.email, PASSWORD);
  });
});
