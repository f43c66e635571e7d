import request from 'supertest';
import { PASSWORD, bearer, login, register } from './support/accounts';
import { TestApp, startTestApp } from './support/test-app';

describe('auth: sessions, refresh rotation, logout, profile and password (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const refresh = (token: string) => request(t.url).post('/api/v1/auth/refresh').send({ refreshToken: token });
  const me = (token: string) => request(t.url).get('/api/v1/auth/me').set(bearer(token));

  it('rotates refresh tokens: the old one stops working, the new one works', async () => {
    const account = await register(t.url);
    const first = await refresh(account.refreshToken).expect(200);
    expect(first.body.refreshToken).not.toBe(account.refreshToken);
    expect(first.body.user.id).toBe(account.id);
    await me(first.body.accessToken).expect(200);
    const second = await refresh(first.body.refreshToken).expect(200);
    expect(second.body.refreshToken).not.toBe(first.body.refreshToken);
  });

  it('revokes the whole family when a rotated token is presented again', async () => {
    const account = await register(t.url);
    const rotated = await refresh(account.refreshToken).expect(200);
    const newest = await refresh(rotated.body.refreshToken).expect(200);

    const reuse = await refresh(account.refreshToken).expect(401);
    expect(reuse.body.code).toBe('REFRESH_TOKEN_REUSED');
    // The newest token of that login fails too, and so does its access token.
    const afterReuse = await refresh(newest.body.refreshToken).expect(401);
    expect(afterReuse.body.code).toBe('SESSION_REVOKED');
    expect((await me(newest.body.accessToken).expect(401)).body.code).toBe('SESSION_REVOKED');
    // Another login of the same user is untouched.
    const other = await login(t.url, account.email, PASSWORD);
    await me(other.accessToken).expect(200);
    await refresh(other.refreshToken).expect(200);
  });

  it('lets only one of several concurrent refreshes with one token succeed', async () => {
    const account = await register(t.url);
    const statuses = await Promise.all(Array.from({ length: 5 }, () => refresh(account.refreshToken).then((r) => r.status)));
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 401)).toHaveLength(4);
  });

  it('rejects an unknown refresh token', async () => {
    const response = await refresh('not-a-real-token').expect(401);
    expect(response.body.code).toBe('INVALID_REFRESH_TOKEN');
  });

  it('logs out: 204, then the refresh token and the access token of that session stop working', async () => {
    const account = await register(t.url);
    await request(t.url).post('/api/v1/auth/logout').set(bearer(account.accessToken)).expect(204);
    expect((await refresh(account.refreshToken).expect(401)).body.code).toBe('SESSION_REVOKED');
    expect((await me(account.accessToken).expect(401)).body.code).toBe('SESSION_REVOKED');
  });

  it('returns the profile with default settings', async () => {
    const account = await register(t.url, { name: 'Carol' });
    const response = await me(account.accessToken).expect(200);
    expect(response.body).toEqual({
      id: account.id,
      email: account.email,
      name: 'Carol',
      role: 'USER',
      status: 'ACTIVE',
      settings: { currency: 'USD', theme: 'system', language: 'en', notifications: { email: true, push: false, orderFills: true, priceAlerts: true } },
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
  });

  it('patches name and settings, merging nested keys and keeping the rest', async () => {
    const account = await register(t.url);
    await request(t.url)
      .patch('/api/v1/auth/me')
      .set(bearer(account.accessToken))
      .send({ name: 'Dana', settings: { theme: 'dark', notifications: { push: true } } })
      .expect(200);
    const second = await request(t.url)
      .patch('/api/v1/auth/me')
      .set(bearer(account.accessToken))
      .send({ settings: { currency: 'EUR', language: 'de' } })
      .expect(200);
    expect(second.body.name).toBe('Dana');
    expect(second.body.settings).toEqual({
      currency: 'EUR',
      theme: 'dark',
      language: 'de',
      notifications: { email: true, push: true, orderFills: true, priceAlerts: true },
    });
    expect((await me(account.accessToken)).body.settings).toEqual(second.body.settings);
  });

  it('rejects mass assignment and bad values in PATCH /me, changing nothing', async () => {
    const account = await register(t.url, { name: 'Eve' });
    const role = await request(t.url).patch('/api/v1/auth/me').set(bearer(account.accessToken)).send({ role: 'ADMIN', name: 'Eve 2' }).expect(400);
    expect(role.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'role', message: 'role is not an allowed field' }] });
    for (const body of [{ email: 'x@y.io' }, { status: 'ACTIVE' }, { settings: { theme: 'neon' } }, { name: 'x'.repeat(101) }, { settings: { notifications: { push: 'yes' } } },
      { name: null }, { settings: null }, { settings: { theme: null } }, { settings: { notifications: { email: null } } }]) {
      const response = await request(t.url).patch('/api/v1/auth/me').set(bearer(account.accessToken)).send(body).expect(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
    }
    const after = await me(account.accessToken).expect(200);
    expect(after.body).toMatchObject({ name: 'Eve', role: 'USER', email: account.email, settings: { theme: 'system' } });
    expect(after.body.settings.notifications.email).toBe(true);
  });

  it('changes the password: wrong current is 400; afterwards only the new one logs in and other sessions end', async () => {
    const account = await register(t.url);
    const other = await login(t.url, account.email, PASSWORD);
    const wrong = await request(t.url)
      .put('/api/v1/auth/password')
      .set(bearer(account.accessToken))
      .send({ currentPassword: 'not my password at all', newPassword: 'a brand new passphrase' })
      .expect(400);
    expect(wrong.body.code).toBe('INVALID_CURRENT_PASSWORD');
    const weak = await request(t.url)
      .put('/api/v1/auth/password')
      .set(bearer(account.accessToken))
      .send({ currentPassword: PASSWORD, newPassword: 'short' })
      .expect(400);
    expect(weak.body.code).toBe('WEAK_PASSWORD');

    await request(t.url)
      .put('/api/v1/auth/password')
      .set(bearer(account.accessToken))
      .send({ currentPassword: PASSWORD, newPassword: 'a brand new passphrase' })
      .expect(204);

    await request(t.url).post('/api/v1/auth/login').send({ email: account.email, password: PASSWORD }).expect(401);
    await login(t.url, account.email, 'a brand new passphrase');
    // This session stays; the other one is revoked (refresh and access).
    await me(account.accessToken).expect(200);
    await refresh(account.refreshToken).expect(200);
    expect((await me(other.accessToken).expect(401)).body.code).toBe('SESSION_REVOKED');
    expect((await refresh(other.refreshToken).expect(401)).body.code).toBe('SESSION_REVOKED');
  });
});
