import request from 'supertest';
import { PASSWORD, bearer, login, register, uniqueEmail } from './support/accounts';
import { TestApp, startTestApp } from './support/test-app';

/**
 * ADMIN_EMAIL never silently promotes an account someone registered: the boot
 * stops (ADMIN_PROMOTION_REFUSED) unless ADMIN_ALLOW_PROMOTION=true, which
 * promotes it with ADMIN_PASSWORD and revokes every session it had.
 * One app at a time (nestjs-cls keeps one TransactionHost per process).
 */
describe('ADMIN_EMAIL naming an existing account (e2e)', () => {
  const email = uniqueEmail('squatter');
  const adminPassword = 'the operators own passphrase';
  let squatter: { id: string; accessToken: string; refreshToken: string };
  let t: TestApp | undefined;

  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('lets anyone register the address before the admin is configured', async () => {
    t = await startTestApp();
    squatter = await register(t.url, { email });
    expect(squatter.id).toEqual(expect.any(String));
  });

  it('refuses to boot with ADMIN_EMAIL naming that USER account, and leaves it a USER with its sessions', async () => {
    await expect(startTestApp({ ADMIN_EMAIL: email, ADMIN_PASSWORD: adminPassword })).rejects.toMatchObject({ code: 'ADMIN_PROMOTION_REFUSED' });
    t = await startTestApp();
    const me = await request(t.url).get('/api/v1/auth/me').set(bearer(squatter.accessToken)).expect(200);
    expect(me.body).toMatchObject({ email, role: 'USER' });
    await request(t.url).post('/api/v1/auth/login').send({ email, password: adminPassword }).expect(401);
  });

  it('promotes it with ADMIN_ALLOW_PROMOTION=true: role ADMIN, the configured password, every old session revoked', async () => {
    t = await startTestApp({ ADMIN_EMAIL: email, ADMIN_PASSWORD: adminPassword, ADMIN_ALLOW_PROMOTION: 'true' });
    expect((await request(t.url).get('/api/v1/auth/me').set(bearer(squatter.accessToken)).expect(401)).body.code).toBe('SESSION_REVOKED');
    await request(t.url).post('/api/v1/auth/refresh').send({ refreshToken: squatter.refreshToken }).expect(401);
    await request(t.url).post('/api/v1/auth/login').send({ email, password: PASSWORD }).expect(401);
    const admin = await login(t.url, email, adminPassword);
    expect((await request(t.url).get('/api/v1/auth/me').set(bearer(admin.accessToken)).expect(200)).body).toMatchObject({ role: 'ADMIN' });
  });

  it('boots again without the flag once the account is the admin', async () => {
    t = await startTestApp({ ADMIN_EMAIL: email, ADMIN_PASSWORD: adminPassword });
    const admin = await login(t.url, email, adminPassword);
    await request(t.url).get('/api/v1/admin/users').set(bearer(admin.accessToken)).expect(200);
  });
});
