import request from 'supertest';
import { PASSWORD, bearer, login, register, uniqueEmail } from './support/accounts';
import { TestApp, startTestApp } from './support/test-app';

describe('admin: users, roles and suspension (e2e)', () => {
  let t: TestApp;
  let admin: { id: string; accessToken: string };
  const adminEmail = uniqueEmail('admin');
  const adminPassword = 'admin passphrase for tests';

  beforeAll(async () => {
    t = await startTestApp({ ADMIN_EMAIL: adminEmail, ADMIN_PASSWORD: adminPassword });
    admin = await login(t.url, adminEmail, adminPassword);
  });
  afterAll(async () => {
    await t.close();
  });

  const suspend = (id: string, token = admin.accessToken) =>
    request(t.url).post(`/api/v1/admin/users/${id}/suspend`).set(bearer(token)).send({ reason: 'fraud review' });

  it('creates the configured admin at boot with role ADMIN', async () => {
    const me = await request(t.url).get('/api/v1/auth/me').set(bearer(admin.accessToken)).expect(200);
    expect(me.body).toMatchObject({ email: adminEmail, role: 'ADMIN', status: 'ACTIVE' });
  });

  it('refuses admin routes to a USER with 403 FORBIDDEN, and to nobody with 401', async () => {
    const user = await register(t.url);
    expect((await request(t.url).get('/api/v1/admin/users').set(bearer(user.accessToken)).expect(403)).body.code).toBe('FORBIDDEN');
    expect((await suspend(admin.id, user.accessToken).expect(403)).body.code).toBe('FORBIDDEN');
    await request(t.url).get('/api/v1/admin/users').expect(401);
  });

  it('lists users newest first with cursor pagination and a search filter', async () => {
    const tag = `page${Date.now()}`;
    const created = [];
    for (let i = 0; i < 3; i++) created.push(await register(t.url, { email: uniqueEmail(`${tag}-${i}`) }));
    const first = await request(t.url).get(`/api/v1/admin/users?q=${tag}&limit=2`).set(bearer(admin.accessToken)).expect(200);
    expect(first.body.items.map((u: { id: string }) => u.id)).toEqual([created[2]!.id, created[1]!.id]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await request(t.url)
      .get(`/api/v1/admin/users?q=${tag}&limit=2&cursor=${first.body.nextCursor}`)
      .set(bearer(admin.accessToken))
      .expect(200);
    expect(second.body).toEqual({ items: [expect.objectContaining({ id: created[0]!.id })], nextCursor: null });
    const bad = await request(t.url).get('/api/v1/admin/users?cursor=garbage').set(bearer(admin.accessToken)).expect(400);
    expect(bad.body.code).toBe('INVALID_CURSOR');
    await request(t.url).get('/api/v1/admin/users?limit=1000').set(bearer(admin.accessToken)).expect(400);
  });

  it('suspends a user: tokens get 403 at once, login is 403, refresh fails; reactivation restores login', async () => {
    const user = await register(t.url);
    const suspended = await suspend(user.id).expect(200);
    expect(suspended.body).toMatchObject({ id: user.id, status: 'SUSPENDED' });

    const me = await request(t.url).get('/api/v1/auth/me').set(bearer(user.accessToken)).expect(403);
    expect(me.body.code).toBe('ACCOUNT_SUSPENDED');
    const loginRight = await request(t.url).post('/api/v1/auth/login').send({ email: user.email, password: PASSWORD }).expect(403);
    expect(loginRight.body.code).toBe('ACCOUNT_SUSPENDED');
    // A wrong password does not reveal the suspension.
    const loginWrong = await request(t.url).post('/api/v1/auth/login').send({ email: user.email, password: 'wrong password!!' }).expect(401);
    expect(loginWrong.body.code).toBe('INVALID_CREDENTIALS');
    await request(t.url).post('/api/v1/auth/refresh').send({ refreshToken: user.refreshToken }).expect(401);

    await request(t.url).post(`/api/v1/admin/users/${user.id}/reactivate`).set(bearer(admin.accessToken)).expect(200);
    const back = await login(t.url, user.email, PASSWORD);
    await request(t.url).get('/api/v1/auth/me').set(bearer(back.accessToken)).expect(200);
    // Sessions from before the suspension stay dead.
    await request(t.url).get('/api/v1/auth/me').set(bearer(user.accessToken)).expect(401);
  });

  it('does not let an admin suspend their own account; unknown or malformed ids are 404', async () => {
    expect((await suspend(admin.id).expect(403)).body.code).toBe('CANNOT_CHANGE_OWN_STATUS');
    expect((await suspend('00000000-0000-4000-8000-000000000000').expect(404)).body.code).toBe('USER_NOT_FOUND');
    expect((await suspend('not-a-uuid').expect(404)).body.code).toBe('USER_NOT_FOUND');
  });

  it('updates the admin from config on the next boot (password and role restored)', async () => {
    const second = await startTestApp({ ADMIN_EMAIL: adminEmail, ADMIN_PASSWORD: 'rotated admin passphrase' });
    try {
      await login(second.url, adminEmail, 'rotated admin passphrase');
      await request(second.url).post('/api/v1/auth/login').send({ email: adminEmail, password: adminPassword }).expect(401);
    } finally {
      await second.close();
    }
  });
});
