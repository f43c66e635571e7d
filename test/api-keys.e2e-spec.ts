import { generateKeyPairSync } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { bearer, register } from './support/accounts';
import { suiteDatabase } from './support/market';
import { TestApp, startTestApp } from './support/test-app';

/**
 * API keys' management (issue 18, docs/api-keys.md): HMAC keys answer their
 * secret once and keep it encrypted, Ed25519 keys keep only the public key,
 * another user's key cannot be revoked, bad requests and the limit have
 * their codes. (Signed requests come with the guard.)
 */
describe('API keys: management (e2e)', () => {
  const db = suiteDatabase('api-keys');
  let t: TestApp;
  let sql: Client;

  beforeAll(async () => {
    await db.enter();
    t = await startTestApp();
    sql = new Client({ connectionString: db.url });
    await sql.connect();
  });
  afterAll(async () => {
    await sql?.end();
    await t?.close();
    await db.leave();
  });

  it('creates an HMAC key (its secret once, stored encrypted) and an Ed25519 key (public key only), lists and revokes them', async () => {
    const user = await register(t.url);
    const hmac = (await request(t.url).post('/api/v1/api-keys').set(bearer(user.accessToken)).send({ label: 'grid bot', scheme: 'HMAC', permissions: ['TRADE'] }).expect(201)).body;
    expect(hmac).toMatchObject({ id: expect.stringMatching(/^ak_[\w-]{22}$/), label: 'grid bot', scheme: 'HMAC', permissions: ['READ', 'TRADE'], ipAllowlist: [], expiresAt: null, revokedAt: null, secret: expect.stringMatching(/^[\w-]{43}$/) });
    const stored = (await sql.query(`SELECT secret_ciphertext, public_key FROM auth.api_keys WHERE id = $1`, [hmac.id])).rows[0];
    expect(stored.public_key).toBeNull();
    expect(Buffer.from(stored.secret_ciphertext).includes(Buffer.from(hmac.secret))).toBe(false);

    const { publicKey } = generateKeyPairSync('ed25519');
    const pem = publicKey.export({ format: 'pem', type: 'spki' }).toString();
    const ed = (await request(t.url).post('/api/v1/api-keys').set(bearer(user.accessToken)).send({ label: 'reader', scheme: 'ED25519', permissions: ['READ'], publicKey: pem, ipAllowlist: ['127.0.0.1', '10.0.0.0/8'] }).expect(201)).body;
    expect(ed.secret).toBeUndefined();
    expect((await sql.query(`SELECT public_key, secret_ciphertext FROM auth.api_keys WHERE id = $1`, [ed.id])).rows[0]).toEqual({ public_key: publicKey.export({ format: 'jwk' }).x, secret_ciphertext: null });

    const listed = (await request(t.url).get('/api/v1/api-keys').set(bearer(user.accessToken)).expect(200)).body;
    expect(listed.map((k: { id: string }) => k.id).sort()).toEqual([ed.id, hmac.id].sort());
    expect(JSON.stringify(listed)).not.toContain(hmac.secret);

    // Another user can neither see nor revoke them.
    const mallory = await register(t.url);
    expect((await request(t.url).get('/api/v1/api-keys').set(bearer(mallory.accessToken)).expect(200)).body).toEqual([]);
    expect((await request(t.url).delete(`/api/v1/api-keys/${hmac.id}`).set(bearer(mallory.accessToken)).expect(404)).body.code).toBe('API_KEY_NOT_FOUND');

    await request(t.url).delete(`/api/v1/api-keys/${hmac.id}`).set(bearer(user.accessToken)).expect(204);
    await request(t.url).delete(`/api/v1/api-keys/${hmac.id}`).set(bearer(user.accessToken)).expect(404);
    expect((await request(t.url).get('/api/v1/api-keys').set(bearer(user.accessToken)).expect(200)).body.map((k: { id: string }) => k.id)).toEqual([ed.id]);
  });

  it('refuses bad requests with their codes, and a 21st live key', async () => {
    const user = await register(t.url);
    const create = (body: object) => request(t.url).post('/api/v1/api-keys').set(bearer(user.accessToken)).send(body);
    expect((await create({ label: 'x', scheme: 'ED25519', permissions: ['READ'] }).expect(400)).body.code).toBe('INVALID_API_KEY_REQUEST');
    expect((await create({ label: 'x', scheme: 'ED25519', permissions: ['READ'], publicKey: 'not a key' }).expect(400)).body.code).toBe('INVALID_API_KEY_REQUEST');
    expect((await create({ label: 'x', scheme: 'HMAC', permissions: ['READ'], publicKey: 'x' }).expect(400)).body.code).toBe('INVALID_API_KEY_REQUEST');
    expect((await create({ label: 'x', scheme: 'HMAC', permissions: ['READ'], ipAllowlist: ['example.com'] }).expect(400)).body.code).toBe('INVALID_API_KEY_REQUEST');
    expect((await create({ label: 'x', scheme: 'HMAC', permissions: ['READ'], expiresAt: '2020-01-01T00:00:00.000Z' }).expect(400)).body.code).toBe('INVALID_API_KEY_REQUEST');
    expect((await create({ label: 'x', scheme: 'RSA', permissions: ['READ'] }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    expect((await create({ label: 'x', scheme: 'HMAC', permissions: ['ADMIN'] }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    for (let i = 0; i < 20; i++) await create({ label: `k${i}`, scheme: 'HMAC', permissions: ['READ'] }).expect(201);
    const refused = (await create({ label: 'k20', scheme: 'HMAC', permissions: ['READ'] }).expect(422)).body;
    expect(refused).toMatchObject({ code: 'API_KEY_LIMIT', limit: 20 });
    await request(t.url).get('/api/v1/api-keys').expect(401);
  });
});
