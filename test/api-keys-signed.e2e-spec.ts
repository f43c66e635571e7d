import { KeyObject, createHash, createHmac, generateKeyPairSync, sign } from 'node:crypto';
import request from 'supertest';
import { Account, bearer, login, register, uniqueEmail } from './support/accounts';
import { suiteDatabase } from './support/market';
import { wholeMark } from './support/orders';
import { TestApp, startTestApp } from './support/test-app';
import { deposit } from './support/wallet';

jest.setTimeout(60_000);

/** A bot's signing client, written from docs/api-keys.md (not from the server's code). */
type Signer = { id: string; sign: (payload: string) => string };
const hmacSigner = (id: string, secret: string): Signer => ({ id, sign: (p) => createHmac('sha256', Buffer.from(secret, 'utf8')).update(p).digest('hex') });
const edSigner = (id: string, privateKey: KeyObject): Signer => ({ id, sign: (p) => sign(null, Buffer.from(p), privateKey).toString('base64url') });

function signedHeaders(signer: Signer, method: string, pathWithQuery: string, body: string, at = Date.now(), window = 5000): Record<string, string> {
  const [path, query = ''] = pathWithQuery.split('?');
  const payload = [at, window, method, path, query, createHash('sha256').update(body).digest('hex')].join('\n');
  return { 'x-api-key': signer.id, 'x-api-timestamp': String(at), 'x-api-recv-window': String(window), 'x-api-signature': signer.sign(payload), ...(body ? { 'content-type': 'application/json' } : {}) };
}

/**
 * Signed requests (issue 18): a bot places, lists and cancels orders with an
 * HMAC key and with an Ed25519 key; every attack is refused with its code.
 */
describe('API keys: signed requests (e2e)', () => {
  const db = suiteDatabase('api-keys-signed');
  const adminEmail = uniqueEmail('keys-admin');
  let t: TestApp;
  let user: Account;
  let admin: Account;
  let trader: Signer;
  let reader: Signer;
  let price: bigint;

  const send = (signer: Signer, method: 'GET' | 'POST' | 'DELETE', path: string, body = '', headers?: Record<string, string>) => {
    const r = request(t.url)[method.toLowerCase() as 'get' | 'post' | 'delete'](path).set(headers ?? signedHeaders(signer, method, path, body));
    return body ? r.send(body) : r;
  };
  const createKey = async (account: Account, body: object) => (await request(t.url).post('/api/v1/api-keys').set(bearer(account.accessToken)).send(body).expect(201)).body;

  beforeAll(async () => {
    await db.enter();
    t = await startTestApp({ MARKET_MAKER: 'false', NOISE_TRADER: 'false', FEED_INTERVAL_MS: '200', ADMIN_EMAIL: adminEmail, ADMIN_PASSWORD: 'admin passphrase for tests' });
    admin = await login(t.url, adminEmail, 'admin passphrase for tests');
    user = await register(t.url);
    await deposit(t.url, user.accessToken, 'USDT', '10000');
    price = await wholeMark(t.url, 'BTC-USDT');
    const hmac = await createKey(user, { label: 'trader', scheme: 'HMAC', permissions: ['TRADE'] });
    trader = hmacSigner(hmac.id, hmac.secret);
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const ed = await createKey(user, { label: 'reader', scheme: 'ED25519', permissions: ['READ'], publicKey: publicKey.export({ format: 'jwk' }).x });
    reader = edSigner(ed.id, privateKey);
  });
  afterAll(async () => {
    await t?.close();
    await db.leave();
  });

  it('places, lists and cancels an order with an HMAC key, and reads with an Ed25519 key', async () => {
    const body = JSON.stringify({ symbol: 'BTC-USDT', side: 'BUY', type: 'LIMIT', quantity: '0.01', price: `${price - 500n}` });
    const placed = (await send(trader, 'POST', '/api/v1/orders', body).expect(201)).body;
    expect(placed).toMatchObject({ symbol: 'BTC-USDT', status: 'NEW', quantity: '0.01000' });
    const listed = (await send(reader, 'GET', '/api/v1/orders?symbol=BTC-USDT').expect(200)).body;
    expect(JSON.stringify(listed)).toContain(placed.id);
    expect((await send(trader, 'DELETE', `/api/v1/orders/${placed.id}`).expect(200)).body).toMatchObject({ id: placed.id, status: 'CANCELED' });
    // The same route with the user's token sees the same account.
    expect((await request(t.url).get(`/api/v1/orders/${placed.id}`).set(bearer(user.accessToken)).expect(200)).body.status).toBe('CANCELED');
  });

  it('refuses every attack with its code', async () => {
    const body = JSON.stringify({ symbol: 'BTC-USDT', side: 'BUY', type: 'LIMIT', quantity: '0.01', price: `${price - 500n}` });
    const code = async (r: request.Test, status: number) => (await r.expect(status)).body.code as string;
    // A tampered body: signed for one order, another sent.
    const headers = signedHeaders(trader, 'POST', '/api/v1/orders', body);
    expect(await code(send(trader, 'POST', '/api/v1/orders', body.replace('0.01', '0.02'), headers), 401)).toBe('SIGNATURE_INVALID');
    // A stale timestamp, and one from the future.
    expect(await code(send(trader, 'POST', '/api/v1/orders', body, signedHeaders(trader, 'POST', '/api/v1/orders', body, Date.now() - 10_000)), 401)).toBe('TIMESTAMP_OUTSIDE_WINDOW');
    expect(await code(send(trader, 'POST', '/api/v1/orders', body, signedHeaders(trader, 'POST', '/api/v1/orders', body, Date.now() + 10_000)), 401)).toBe('TIMESTAMP_OUTSIDE_WINDOW');
    // A replay of a request that was accepted.
    const once = signedHeaders(reader, 'GET', '/api/v1/orders', '');
    await send(reader, 'GET', '/api/v1/orders', '', once).expect(200);
    expect(await code(send(reader, 'GET', '/api/v1/orders', '', once), 401)).toBe('SIGNATURE_REPLAYED');
    // Permissions: a READ key cannot place, a TRADE key cannot withdraw.
    expect(await code(send(reader, 'POST', '/api/v1/orders', body), 403)).toBe('API_KEY_PERMISSION');
    expect(await code(send(trader, 'POST', '/api/v1/wallet/withdrawals', JSON.stringify({ asset: 'USDT', amount: '1', address: 'TBotAddress0001' })), 403)).toBe('API_KEY_PERMISSION');
    // Routes that never take a key: the keys themselves, credentials, admin.
    expect(await code(send(trader, 'GET', '/api/v1/api-keys'), 403)).toBe('API_KEY_PERMISSION');
    expect(await code(send(trader, 'POST', '/api/v1/auth/logout', '{}'), 403)).toBe('API_KEY_PERMISSION');
    const adminKey = await createKey(admin, { label: 'ops', scheme: 'HMAC', permissions: ['TRADE'] });
    expect(await code(send(hmacSigner(adminKey.id, adminKey.secret), 'GET', '/api/v1/admin/users'), 403)).toBe('API_KEY_PERMISSION');
    // Another IP than the allowlist's.
    const fenced = await createKey(user, { label: 'fenced', scheme: 'HMAC', permissions: ['READ'], ipAllowlist: ['10.1.2.3'] });
    expect(await code(send(hmacSigner(fenced.id, fenced.secret), 'GET', '/api/v1/orders'), 403)).toBe('IP_NOT_ALLOWED');
    // Another key's secret, an unknown key, missing headers.
    expect(await code(send(hmacSigner(trader.id, 'not the secret'), 'GET', '/api/v1/orders'), 401)).toBe('SIGNATURE_INVALID');
    expect(await code(send(hmacSigner('ak_AAAAAAAAAAAAAAAAAAAAAA', 'x'), 'GET', '/api/v1/orders'), 401)).toBe('API_KEY_INVALID');
    expect(await code(request(t.url).get('/api/v1/orders').set({ 'x-api-key': trader.id }), 400)).toBe('API_KEY_HEADERS');
  });

  it('stops a revoked key and a suspended user\'s keys at once', async () => {
    const other = await register(t.url);
    const key = await createKey(other, { label: 'soon revoked', scheme: 'HMAC', permissions: ['READ'] });
    const signer = hmacSigner(key.id, key.secret);
    await send(signer, 'GET', '/api/v1/wallet').expect(200);
    await request(t.url).delete(`/api/v1/api-keys/${key.id}`).set(bearer(other.accessToken)).expect(204);
    expect((await send(signer, 'GET', '/api/v1/wallet').expect(401)).body.code).toBe('API_KEY_INVALID');

    const live = await createKey(other, { label: 'live', scheme: 'HMAC', permissions: ['READ'] });
    const liveSigner = hmacSigner(live.id, live.secret);
    await send(liveSigner, 'GET', '/api/v1/wallet').expect(200);
    await request(t.url).post(`/api/v1/admin/users/${other.id}/suspend`).set(bearer(admin.accessToken)).send({ reason: 'key abuse' }).expect(200);
    expect((await send(liveSigner, 'GET', '/api/v1/wallet').expect(403)).body.code).toBe('ACCOUNT_SUSPENDED');
  });
});
