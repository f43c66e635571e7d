import { connect } from 'node:net';
import request from 'supertest';
import { Account, bearer, login, register, uniqueEmail } from './support/accounts';
import { TestApp, startTestApp } from './support/test-app';

type Operation = { parameters?: { name: string; in: string }[]; requestBody?: { content?: Record<string, { schema?: { $ref?: string } }> } };
type OpenApi = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, { properties?: Record<string, unknown> }> } };

const UUID = '0b8e4a52-6f7d-4f0e-9a38-2f1de1c1f0a1';
const forged = (text: string) => Buffer.from(text).toString('base64url');
const nestedObject = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
const nestedArray = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe('input hardening: forged input is a 400 with a code, never a 500 (e2e)', () => {
  let t: TestApp;
  let admin: Account;
  let user: Account;
  let doc: OpenApi;

  beforeAll(async () => {
    const email = uniqueEmail('admin');
    t = await startTestApp({ ADMIN_EMAIL: email, ADMIN_PASSWORD: 'admin passphrase for tests' });
    admin = await login(t.url, email, 'admin passphrase for tests');
    user = await register(t.url);
    doc = (await request(t.url).get('/docs-json').expect(200)).body;
  });
  afterAll(() => t.close());

  /** Every documented operation but those that end the session the sweep uses. */
  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method) && !path.endsWith('/logout'))
        .map(([method, op]) => ({ method, op, path: path.replace(/\{(\w+)\}/g, (_m, name: string) => (name === 'symbol' ? 'BTC-USDT' : name === 'asset' ? 'USDT' : UUID)) })),
    );
  let keys = 0;
  const call = (method: string, path: string) =>
    (request(t.url) as unknown as Record<string, (p: string) => request.Test>)[method]!(path)
      .set(bearer(path.includes('/admin/') ? admin.accessToken : user.accessToken))
      .set('idempotency-key', `input-hardening-${++keys}`);
  const jsonBody = (op: Operation) => op.requestBody?.content?.['application/json']?.schema?.$ref?.split('/').pop();

  it('refuses a body nested deeper than 32 levels with 400 JSON_TOO_DEEP on every JSON route', async () => {
    const routes = operations().filter(({ op }) => jsonBody(op) !== undefined);
    expect(routes.length).toBeGreaterThanOrEqual(12);
    for (const { method, path } of routes) {
      for (const body of [nestedObject(5000), nestedArray(5000), nestedObject(33)]) {
        const response = await call(method, path).set('content-type', 'application/json').send(body);
        expect({ route: `${method} ${path}`, status: response.status, code: response.body.code }).toEqual({ route: `${method} ${path}`, status: 400, code: 'JSON_TOO_DEEP' });
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
    }
    // 32 levels are parsed (and then judged by the route's own rules).
    const deepButAllowed = await request(t.url).post('/api/v1/auth/login').set('content-type', 'application/json').send(`{"email":${nestedObject(31)}}`);
    expect(deepButAllowed.body.code).toBe('VALIDATION_FAILED');
  });

  it('refuses a NUL byte in any body field, query parameter or path parameter with 400 VALIDATION_FAILED naming it', async () => {
    const seen: string[] = [];
    for (const { method, op, path } of operations()) {
      const schema = jsonBody(op);
      for (const field of Object.keys(schema ? (doc.components.schemas[schema]?.properties ?? {}) : {})) {
        const response = await call(method, path).send({ [field]: 'a\u0000b' });
        seen.push(`${method} ${path} ${field}: ${response.status}`);
        expect({ route: `${method} ${path}`, field, status: response.status, code: response.body.code }).toEqual({ route: `${method} ${path}`, field, status: 400, code: 'VALIDATION_FAILED' });
        expect(response.body.errors).toContainEqual({ field, message: `${field} must not contain NUL characters` });
      }
      for (const param of (op.parameters ?? []).filter((p) => p.in === 'query')) {
        const response = await call(method, `${path}?${param.name}=a%00b`);
        seen.push(`${method} ${path} ?${param.name}: ${response.status}`);
        expect({ route: `${method} ${path}`, param: param.name, status: response.status, code: response.body.code }).toEqual({ route: `${method} ${path}`, param: param.name, status: 400, code: 'VALIDATION_FAILED' });
      }
    }
    expect(seen.length).toBeGreaterThan(40);
    // The routes that reached PostgreSQL with a NUL before (a 500 each).
    const name = await request(t.url).patch('/api/v1/auth/me').set(bearer(user.accessToken)).send({ name: 'Ali\u0000ce' }).expect(400);
    expect(name.body.errors).toEqual([{ field: 'name', message: 'name must not contain NUL characters' }]);
    await request(t.url).get('/api/v1/admin/users?q=al%00ice').set(bearer(admin.accessToken)).expect(400);
    await request(t.url).get('/api/v1/admin/markets/audit?symbol=BTC-USDT%00').set(bearer(admin.accessToken)).expect(400);
    const path = await request(t.url).get('/api/v1/orders/a%00b').set(bearer(user.accessToken)).expect(400);
    expect(path.body.errors).toEqual([{ field: 'id', message: 'id must not contain NUL characters' }]);
  });

  it.each([
    ['/api/v1/wallet/history', ['9223372036854775808', '99999999999999999999', '0']],
    ['/api/v1/fills', [forged('t9223372036854775808'), forged('t9999999999999999999')]],
    ['/api/v1/orders', [forged(`-271821-04-20T00:00:00.000Z|${UUID}`), forged(`+275760-09-13T00:00:00.000Z|${UUID}`)]],
    ['/api/v1/orders/history', [forged(`-000001-01-01T00:00:00.000Z|${UUID}`), forged(`0000-01-01T00:00:00.000Z|${UUID}`)]],
    ['/api/v1/wallet/withdrawals', [forged(`-271821-04-20T00:00:00.000Z|${UUID}`), forged(`20000-01-01|${UUID}`)]],
    ['/api/v1/admin/users', [forged(`-271821-04-20T00:00:00.000Z|${UUID}`), forged(`2026-02-30T00:00:00.000Z|${UUID}`)]],
  ])('refuses forged cursors on %s with 400 INVALID_CURSOR', async (path, cursors) => {
    for (const cursor of cursors) {
      const response = await call('get', `${path}?cursor=${encodeURIComponent(cursor)}`);
      expect({ cursor, status: response.status, code: response.body.code }).toEqual({ cursor, status: 400, code: 'INVALID_CURSOR' });
    }
  });

  it('answers a URL that does not decode and an over-long path parameter with problem details', async () => {
    const bad = await request(t.url).get('/api/v1/markets/%E0%A4%A').set('x-request-id', 'bad-url-1').expect(400);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(bad.headers['x-request-id']).toBe('bad-url-1');
    expect(bad.body).toMatchObject({ type: 'urn:exchange:problem:INVALID_URL', status: 400, code: 'INVALID_URL', requestId: 'bad-url-1' });
    const long = await request(t.url).get(`/api/v1/markets/${'A'.repeat(200)}`).expect(414);
    expect(long.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(long.body).toMatchObject({ status: 414, code: 'URI_TOO_LONG', instance: expect.stringMatching(/^\/api\/v1\/markets\//) });
    expect(long.headers['x-request-id']).toEqual(long.body.requestId);
  });

  it('answers headers over the size limit with a problem details 431', async () => {
    const raw = await new Promise<string>((resolve, reject) => {
      const { port } = new URL(t.url);
      const socket = connect(Number(port), '127.0.0.1', () => socket.write(`GET /api/v1/markets HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`));
      let data = '';
      socket.on('data', (chunk) => (data += chunk.toString()));
      socket.on('close', () => resolve(data));
      socket.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 431 /);
    expect(raw).toMatch(/Content-Type: application\/problem\+json/);
    expect(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4))).toMatchObject({ status: 431, code: 'HEADERS_TOO_LARGE' });
  });

  it('refuses settings.notifications (or settings) that are not an object, storing nothing', async () => {
    const someone = await register(t.url);
    const many = Array.from({ length: 20_000 }, () => ({}));
    for (const body of [{ settings: { notifications: many } }, { settings: { notifications: [{ email: false }] } }, { settings: [{ theme: 'dark' }] }, { settings: { notifications: 'on' } }]) {
      const response = await request(t.url).patch('/api/v1/auth/me').set(bearer(someone.accessToken)).send(body).expect(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.body.errors.map((e: { field: string }) => e.field)).toContain(Array.isArray(body.settings) ? 'settings' : 'settings.notifications');
    }
    const me = await request(t.url).get('/api/v1/auth/me').set(bearer(someone.accessToken)).expect(200);
    expect(Object.keys(me.body.settings.notifications).sort()).toEqual(['email', 'orderFills', 'priceAlerts', 'push']);
  });

  it('answers a JSON number as an amount with 400 INVALID_AMOUNT and a reason, as a malformed string', async () => {
    for (const [path, extra] of [
      ['/api/v1/wallet/deposits', {}],
      ['/api/v1/wallet/withdrawals', { address: 'bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh' }],
      ['/api/v1/wallet/transfers', { from: 'SPOT', to: 'MARGIN' }],
    ] as const) {
      for (const amount of [5, 0.1, null, { value: '1' }]) {
        const response = await request(t.url).post(path).set(bearer(user.accessToken)).send({ asset: 'USDT', amount, ...extra }).expect(400);
        expect({ path, amount, code: response.body.code, reason: response.body.reason }).toEqual({ path, amount, code: 'INVALID_AMOUNT', reason: 'NOT_A_DECIMAL' });
      }
    }
    const adjustment = await request(t.url).post('/api/v1/admin/wallet/adjustments').set(bearer(admin.accessToken)).set('idempotency-key', 'num-amount-1')
      .send({ userId: user.id, asset: 'USDT', amount: -5, reason: 'test' }).expect(400);
    expect(adjustment.body).toMatchObject({ code: 'INVALID_AMOUNT', reason: 'NOT_A_DECIMAL' });
    // Another bad field beside it: the request is VALIDATION_FAILED, listing both.
    const mixed = await request(t.url).post('/api/v1/wallet/deposits').set(bearer(user.accessToken)).send({ asset: 'usdt!', amount: 5 }).expect(400);
    expect(mixed.body.code).toBe('VALIDATION_FAILED');
  });
});
