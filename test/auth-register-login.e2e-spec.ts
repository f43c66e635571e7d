import request from 'supertest';
import { PASSWORD, bearer, login, register, uniqueEmail } from './support/accounts';
import { TestApp, startTestApp } from './support/test-app';

describe('auth: register and login (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('registers: 201 with tokens and the public user, never the password hash', async () => {
    const email = uniqueEmail('Mixed.Case');
    const response = await request(t.url)
      .post('/api/v1/auth/register')
      .send({ email, password: PASSWORD, name: '  Alice   Martin ' })
      .expect(201);
    expect(response.body).toEqual({
      accessToken: expect.stringMatching(/^eyJ/),
      refreshToken: expect.any(String),
      tokenType: 'Bearer',
      expiresIn: 900,
      user: { id: expect.any(String), email: email.toLowerCase(), name: 'Alice Martin', role: 'USER' },
    });
    expect(JSON.stringify(response.body)).not.toMatch(/argon2|passwordHash/);
  });

  it('treats emails case-insensitively: a second registration is 409 EMAIL_TAKEN', async () => {
    const email = uniqueEmail('bob');
    await register(t.url, { email });
    const response = await request(t.url)
      .post('/api/v1/auth/register')
      .send({ email: email.toUpperCase(), password: PASSWORD, name: 'Bob again' })
      .expect(409);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ status: 409, code: 'EMAIL_TAKEN', type: 'urn:exchange:problem:EMAIL_TAKEN' });
  });

  it('lets exactly one of ten concurrent registrations of one email through', async () => {
    const email = uniqueEmail('race');
    const statuses = await Promise.all(
      Array.from({ length: 10 }, () =>
        request(t.url).post('/api/v1/auth/register').send({ email, password: PASSWORD, name: 'Racer' }).then((r) => r.status),
      ),
    );
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(9);
  });

  it('lists every invalid field of a bad registration', async () => {
    const response = await request(t.url).post('/api/v1/auth/register').send({ email: 'not-an-email', name: '' }).expect(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    const fields = (response.body.errors as { field: string }[]).map((e) => e.field);
    expect(new Set(fields)).toEqual(new Set(['email', 'password', 'name']));
  });

  it('rejects a weak password with WEAK_PASSWORD and writes nothing', async () => {
    const email = uniqueEmail('weak');
    const short = await request(t.url).post('/api/v1/auth/register').send({ email, password: 'short', name: 'W' }).expect(400);
    expect(short.body.code).toBe('WEAK_PASSWORD');
    const common = await request(t.url).post('/api/v1/auth/register').send({ email, password: 'password123', name: 'W' }).expect(400);
    expect(common.body.code).toBe('WEAK_PASSWORD');
    await request(t.url).post('/api/v1/auth/login').send({ email, password: 'password123' }).expect(401);
  });

  it('rejects mass assignment: role or id in the register body is 400', async () => {
    const response = await request(t.url)
      .post('/api/v1/auth/register')
      .send({ email: uniqueEmail(), password: PASSWORD, name: 'Mallory', role: 'ADMIN', id: '00000000-0000-4000-8000-000000000000' })
      .expect(400);
    expect(response.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'role', message: 'role is not an allowed field' },
        { field: 'id', message: 'id is not an allowed field' },
      ]),
    );
  });

  it('logs in with any case of the email and returns a working access token', async () => {
    const account = await register(t.url);
    const session = await login(t.url, account.email.toUpperCase(), PASSWORD);
    const me = await request(t.url).get('/api/v1/auth/me').set(bearer(session.accessToken)).expect(200);
    expect(me.body).toMatchObject({ id: account.id, email: account.email, role: 'USER', status: 'ACTIVE' });
  });

  it('answers an unknown email and a wrong password identically', async () => {
    const account = await register(t.url);
    const wrong = await request(t.url).post('/api/v1/auth/login').send({ email: account.email, password: 'not the password!' }).expect(401);
    const unknown = await request(t.url).post('/api/v1/auth/login').send({ email: uniqueEmail('ghost'), password: 'not the password!' }).expect(401);
    const strip = (body: Record<string, unknown>) => ({ ...body, requestId: undefined });
    expect(strip(wrong.body)).toEqual(strip(unknown.body));
    expect(wrong.body.code).toBe('INVALID_CREDENTIALS');
  });

  it('locks an account after 5 failures: 429 with Retry-After, even with the right password', async () => {
    const account = await register(t.url);
    for (let i = 0; i < 5; i++) {
      await request(t.url).post('/api/v1/auth/login').send({ email: account.email, password: `wrong password ${i}` }).expect(401);
    }
    const locked = await request(t.url).post('/api/v1/auth/login').send({ email: account.email, password: PASSWORD }).expect(429);
    expect(locked.body.code).toBe('TOO_MANY_LOGIN_ATTEMPTS');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(locked.headers['retry-after'])).toBeLessThanOrEqual(900);
    // Other accounts are not affected.
    const other = await register(t.url);
    await login(t.url, other.email, PASSWORD);
  });

  it('refuses bad JSON and a non-JSON body with problem details', async () => {
    const bad = await request(t.url).post('/api/v1/auth/login').set('content-type', 'application/json').send('{"email":').expect(400);
    expect(bad.body.code).toBe('MALFORMED_JSON');
    const text = await request(t.url).post('/api/v1/auth/login').set('content-type', 'application/xml').send('<a/>').expect(415);
    expect(text.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });
});

describe('auth: login limit per IP (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ LOGIN_MAX_FAILURES_PER_IP: '3' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses further logins from an IP that failed on many accounts', async () => {
    for (let i = 0; i < 3; i++) {
      await request(t.url).post('/api/v1/auth/login').send({ email: uniqueEmail('spray'), password: 'guess guess guess' }).expect(401);
    }
    const blocked = await request(t.url).post('/api/v1/auth/login').send({ email: uniqueEmail('spray'), password: 'guess guess guess' }).expect(429);
    expect(blocked.body.code).toBe('TOO_MANY_LOGIN_ATTEMPTS');
  });
});
