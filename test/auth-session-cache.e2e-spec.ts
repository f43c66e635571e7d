import { createHash, createHmac } from 'node:crypto';
import Redis from 'ioredis';
import request from 'supertest';
import { Socket, io } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { PASSWORD, bearer, login, register, uniqueEmail } from './support/accounts';
import { until } from './support/market';
import { TestApp, startTestApp } from './support/test-app';

/**
 * The per-request session check answers from a cache (AUTH_SESSION_CACHE_MS).
 * Here the TTL is a minute, far longer than any test: a token refused right
 * after log-out, suspension or a password change, although it was just used
 * (the cache warm), is refused because the command invalidated the cache.
 */
describe('auth: the session cache refuses revoked tokens at once (e2e)', () => {
  let t: TestApp;
  let admin: { id: string; accessToken: string };
  const adminEmail = uniqueEmail('cache-admin');
  const adminPassword = 'admin passphrase for tests';
  const sockets: Socket[] = [];

  beforeAll(async () => {
    t = await startTestApp({ ADMIN_EMAIL: adminEmail, ADMIN_PASSWORD: adminPassword, AUTH_SESSION_CACHE_MS: '60000' });
    admin = await login(t.url, adminEmail, adminPassword);
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await t.close();
  });

  const me = (token: string) => request(t.url).get('/api/v1/auth/me').set(bearer(token));

  /** Used over HTTP and on the /user socket: the session is in the cache. */
  async function warm(token: string): Promise<void> {
    await me(token).expect(200);
    await me(token).expect(200);
    expect(await handshake(token)).toBe('connected');
  }

  function handshake(token: string): Promise<string> {
    const socket = io(`${t.url}/user`, { transports: ['websocket'], reconnection: false, forceNew: true, auth: { token } });
    sockets.push(socket);
    return new Promise((resolve) => {
      socket.once('connect', () => {
        socket.close();
        resolve('connected');
      });
      socket.once('connect_error', (error: Error & { data?: { code?: string } }) => resolve(error.data?.code ?? error.message));
    });
  }

  it('refuses a warm token right after log-out, over HTTP and on /user', async () => {
    const account = await register(t.url);
    await warm(account.accessToken);
    await request(t.url).post('/api/v1/auth/logout').set(bearer(account.accessToken)).expect(204);
    expect((await me(account.accessToken).expect(401)).body.code).toBe('SESSION_REVOKED');
    expect(await handshake(account.accessToken)).toBe('SESSION_REVOKED');
  });

  it('refuses every warm token of an account right after its suspension, and still after reactivation', async () => {
    const account = await register(t.url);
    const second = await login(t.url, account.email, PASSWORD);
    await warm(account.accessToken);
    await warm(second.accessToken);
    await request(t.url).post(`/api/v1/admin/users/${account.id}/suspend`).set(bearer(admin.accessToken)).send({ reason: 'cache test' }).expect(200);
    for (const token of [account.accessToken, second.accessToken]) {
      expect((await me(token).expect(403)).body.code).toBe('ACCOUNT_SUSPENDED');
      expect(await handshake(token)).toBe('ACCOUNT_SUSPENDED');
    }
    // Reactivation does not bring the revoked sessions back.
    await request(t.url).post(`/api/v1/admin/users/${account.id}/reactivate`).set(bearer(admin.accessToken)).expect(200);
    expect((await me(account.accessToken).expect(401)).body.code).toBe('SESSION_REVOKED');
    // The admin's own warm session was not touched.
    await me(admin.accessToken).expect(200);
  });

  it('refuses the other warm sessions right after a password change', async () => {
    const account = await register(t.url);
    const other = await login(t.url, account.email, PASSWORD);
    await warm(account.accessToken);
    await warm(other.accessToken);
    await request(t.url)
      .put('/api/v1/auth/password')
      .set(bearer(account.accessToken))
      .send({ currentPassword: PASSWORD, newPassword: 'a brand new passphrase 42' })
      .expect(204);
    expect((await me(other.accessToken).expect(401)).body.code).toBe('SESSION_REVOKED');
    await me(account.accessToken).expect(200);
  });

  it('refuses a warm token right after a refresh-token reuse revoked its session', async () => {
    const account = await register(t.url);
    const rotated = await request(t.url).post('/api/v1/auth/refresh').send({ refreshToken: account.refreshToken }).expect(200);
    await warm(rotated.body.accessToken);
    await request(t.url).post('/api/v1/auth/refresh').send({ refreshToken: account.refreshToken }).expect(401);
    expect((await me(rotated.body.accessToken).expect(401)).body.code).toBe('SESSION_REVOKED');
  });

  // What another instance sees: a change committed elsewhere reaches this one over Redis
  // (or, without Redis, when the cached row expires: AUTH_SESSION_CACHE_MS).
  (process.env.REDIS_URL ? it : it.skip)('drops a warm session when another instance publishes its invalidation on Redis', async () => {
    const account = await register(t.url);
    await warm(account.accessToken);
    // Revoked behind this instance's back, as by another instance: the cache still answers.
    await t.app.get(DataSource).query(`UPDATE auth.sessions SET revoked_at = now(), revoked_reason = 'LOGOUT' WHERE user_id = $1`, [account.id]);
    await me(account.accessToken).expect(200);

    const redis = new Redis(process.env.REDIS_URL!);
    try {
      await redis.publish(`${t.config.redis.keyPrefix}auth:principal-invalidations`, `u:${account.id}`);
      await until('the invalidation', async () => ((await me(account.accessToken)).status === 401 ? true : undefined));
    } finally {
      redis.disconnect();
    }
    expect((await me(account.accessToken).expect(401)).body.code).toBe('SESSION_REVOKED');
  });

  // API keys are cached the same way (ApiKeyCache) and invalidated over the same channel (`k:<key id>`).
  (process.env.REDIS_URL ? it : it.skip)('drops a warm API key when another instance publishes its revocation on Redis', async () => {
    const account = await register(t.url);
    const key = (await request(t.url).post('/api/v1/api-keys').set(bearer(account.accessToken)).send({ label: 'bot', scheme: 'HMAC', permissions: ['READ'] }).expect(201)).body as { id: string; secret: string };
    // Signed as docs/api-keys.md says: timestamp, window, method, path, query, sha256 of the (empty) body.
    let last = 0;
    const wallet = async (): Promise<request.Response> => {
      const at = Math.max(Date.now(), last + 1); // a new timestamp each time: a new signature, not a replay
      last = at;
      const payload = [at, 5000, 'GET', '/api/v1/wallet', '', createHash('sha256').update('').digest('hex')].join('\n');
      const signature = createHmac('sha256', Buffer.from(key.secret, 'utf8')).update(payload).digest('hex');
      return request(t.url).get('/api/v1/wallet').set({ 'x-api-key': key.id, 'x-api-timestamp': String(at), 'x-api-recv-window': '5000', 'x-api-signature': signature });
    };
    expect((await wallet()).status).toBe(200);
    await t.app.get(DataSource).query(`UPDATE auth.api_keys SET revoked_at = now() WHERE id = $1`, [key.id]);
    expect((await wallet()).status).toBe(200); // revoked behind this instance's back: the cache still answers

    const redis = new Redis(process.env.REDIS_URL!);
    try {
      await redis.publish(`${t.config.redis.keyPrefix}auth:principal-invalidations`, `k:${key.id}`);
      await until('the invalidation', async () => ((await wallet()).status === 401 ? true : undefined));
    } finally {
      redis.disconnect();
    }
    expect((await wallet()).body).toMatchObject({ status: 401, code: 'API_KEY_INVALID' });
  });
});
