import { createHash, createHmac } from 'node:crypto';
import request from 'supertest';
import { Socket, io } from 'socket.io-client';
import type { OrderMessage, UserClientToServerEvents, UserServerToClientEvents } from '../apps/api/src/realtime/user.events';
import { UserGateway } from '../apps/api/src/realtime/user.gateway';
import { Account, bearer, login, register, uniqueEmail } from './support/accounts';
import { sleep, suiteDatabase, until } from './support/market';
import { wholeMark } from './support/orders';
import { TestApp, startTestApp } from './support/test-app';
import { deposit } from './support/wallet';

jest.setTimeout(60_000);

type UserClient = Socket<UserServerToClientEvents, UserClientToServerEvents>;

/** A bot's HMAC signing, written from the README / docs/api-keys.md (not from the server's code). */
interface Bot {
  readonly id: string;
  readonly secret: string;
}
function signed(bot: Bot, method: string, path: string, body = ''): Record<string, string> {
  const timestamp = Date.now();
  const window = 5000;
  const payload = [timestamp, window, method, path, '', createHash('sha256').update(body).digest('hex')].join('\n');
  return {
    'x-api-key': bot.id,
    'x-api-timestamp': String(timestamp),
    'x-api-recv-window': String(window),
    'x-api-signature': createHmac('sha256', Buffer.from(bot.secret, 'utf8')).update(payload).digest('hex'),
    ...(body ? { 'content-type': 'application/json' } : {}),
  };
}

/** The short listen-key life of this suite (LISTEN_KEY_TTL_MS), so that expiries happen within a test. */
const TTL_MS = 6000;

/**
 * Listen keys (issue 18): a bot that signs with an API key opens /user with
 * `auth: {listenKey}`, receives its private events, keeps the key alive with
 * PUT and closes it with DELETE (its socket dropped with LISTEN_KEY_CLOSED);
 * the key expires (LISTEN_KEY_EXPIRED), is the owner's only (404), stops with
 * its API key and with the account's suspension.
 */
describe('user: listen keys for the /user stream (e2e, signed requests, socket.io-client)', () => {
  const db = suiteDatabase('listen-key');
  const adminEmail = uniqueEmail('listen-key-admin');
  let t: TestApp;
  let admin: Account;
  const sockets: UserClient[] = [];

  beforeAll(async () => {
    await db.enter();
    t = await startTestApp({
      MARKET_MAKER: 'false',
      NOISE_TRADER: 'false',
      FEED_INTERVAL_MS: '200',
      LISTEN_KEY_TTL_MS: String(TTL_MS),
      ADMIN_EMAIL: adminEmail,
      ADMIN_PASSWORD: 'admin passphrase for tests',
    });
    admin = await login(t.url, adminEmail, 'admin passphrase for tests');
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await t?.close();
    await db.leave();
  });

  const createBot = async (account: Account, permissions: string[]): Promise<Bot> => {
    const key = (await request(t.url).post('/api/v1/api-keys').set(bearer(account.accessToken)).send({ label: 'bot', scheme: 'HMAC', permissions }).expect(201)).body;
    return { id: key.id, secret: key.secret };
  };
  /** A signed request of the bot, its body as the raw JSON text it signed. */
  const send = (bot: Bot, method: 'POST' | 'PUT' | 'DELETE', path: string, body?: object) => {
    const text = body === undefined ? '' : JSON.stringify(body);
    const r = request(t.url)[method.toLowerCase() as 'post' | 'put' | 'delete'](path).set(signed(bot, method, path, text));
    return text ? r.send(text) : r;
  };
  const code = async (r: request.Test, status: number): Promise<string> => (await r.expect(status)).body.code as string;

  function open(auth: Record<string, unknown>, query?: Record<string, string>): UserClient {
    const socket: UserClient = io(`${t.url}/user`, { transports: ['websocket'], reconnection: false, forceNew: true, auth, ...(query ? { query } : {}) });
    sockets.push(socket);
    return socket;
  }
  async function connect(listenKey: string): Promise<{ socket: UserClient; events: string[] }> {
    const socket = open({ listenKey });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    const events: string[] = [];
    socket.on('error', (e) => events.push(`error:${e.code}`));
    socket.on('disconnect', (reason) => events.push(`disconnect:${reason}`));
    return { socket, events };
  }
  function refusal(auth: Record<string, unknown>, query?: Record<string, string>): Promise<string | undefined> {
    const socket = open(auth, query);
    return new Promise((resolve, reject) => {
      socket.once('connect', () => reject(new Error('connected')));
      socket.once('connect_error', (error: Error & { data?: { code?: string } }) => resolve(error.data?.code));
    });
  }
  const disconnected = (events: string[], timeoutMs = 10_000) => until('the disconnect', () => events.some((e) => e.startsWith('disconnect')) || undefined, timeoutMs);

  it('a bot creates a key with a signed request, streams its order, keeps the key alive with PUT, and DELETE drops the socket', async () => {
    const user = await register(t.url);
    await deposit(t.url, user.accessToken, 'USDT', '1000');
    const bot = await createBot(user, ['TRADE']);
    const price = await wholeMark(t.url, 'BTC-USDT');
    const created = await send(bot, 'POST', '/api/v1/user-stream').expect(201);
    const { listenKey, expiresAt } = created.body as { listenKey: string; expiresAt: string };
    expect(listenKey).toMatch(/^[A-Za-z0-9_-]{64}$/);
    expect(Math.abs(Date.parse(expiresAt) - (Date.now() + TTL_MS))).toBeLessThan(2000);

    const { socket, events } = await connect(listenKey);
    const orders: OrderMessage[] = [];
    socket.on('order', (m) => orders.push(m));
    const placed = (await send(bot, 'POST', '/api/v1/orders', { symbol: 'BTC-USDT', side: 'BUY', type: 'LIMIT', quantity: '0.001', price: `${price - 1000n}` }).expect(201)).body;
    const message = await until('the order event', () => orders.find((m) => m.order.id === placed.id));
    expect(message).toMatchObject({ seq: expect.any(Number), order: { id: placed.id, status: 'NEW', symbol: 'BTC-USDT' } });

    // Kept alive halfway through its life: it now expires TTL after the PUT, and the socket outlives the first expiry.
    await sleep(Math.max(0, Date.parse(expiresAt) - TTL_MS / 2 - Date.now()));
    const extended = (await send(bot, 'PUT', '/api/v1/user-stream', { listenKey }).expect(200)).body;
    expect(extended).toEqual({ listenKey, expiresAt: expect.any(String) });
    expect(Date.parse(extended.expiresAt)).toBeGreaterThanOrEqual(Date.parse(expiresAt) + TTL_MS / 2 - 50);
    await sleep(Math.max(0, Date.parse(expiresAt) - Date.now()) + 700);
    expect(events).toEqual([]);
    expect(socket.connected).toBe(true);

    // Closed: the socket is told and dropped at once (no re-check needed), and the key is gone.
    await send(bot, 'DELETE', '/api/v1/user-stream', { listenKey }).expect(204);
    await disconnected(events, 5000);
    expect(events).toEqual(['error:LISTEN_KEY_CLOSED', 'disconnect:io server disconnect']);
    expect(await code(send(bot, 'PUT', '/api/v1/user-stream', { listenKey }), 404)).toBe('LISTEN_KEY_NOT_FOUND');
    expect(await code(send(bot, 'DELETE', '/api/v1/user-stream', { listenKey }), 404)).toBe('LISTEN_KEY_NOT_FOUND');
    expect(await refusal({ listenKey })).toBe('LISTEN_KEY_NOT_FOUND');
  });

  it('disconnects a socket with LISTEN_KEY_EXPIRED when its key is not kept alive; a token creates keys too', async () => {
    const user = await register(t.url);
    const { listenKey, expiresAt } = (await request(t.url).post('/api/v1/user-stream').set(bearer(user.accessToken)).expect(201)).body as { listenKey: string; expiresAt: string };
    const { events } = await connect(listenKey);
    await disconnected(events, TTL_MS + 5000);
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(expiresAt) - 50);
    expect(events).toEqual(['error:LISTEN_KEY_EXPIRED', 'disconnect:io server disconnect']);
    expect(await code(request(t.url).put('/api/v1/user-stream').set(bearer(user.accessToken)).send({ listenKey }), 404)).toBe('LISTEN_KEY_NOT_FOUND');
    expect(await refusal({ listenKey })).toBe('LISTEN_KEY_NOT_FOUND');
  });

  it('answers 404 LISTEN_KEY_NOT_FOUND for another user\'s key and an unknown one; a READ key suffices', async () => {
    const [alice, bob] = [await register(t.url), await register(t.url)];
    const [aliceBot, bobBot] = [await createBot(alice, ['READ']), await createBot(bob, ['READ'])];
    const { listenKey } = (await send(aliceBot, 'POST', '/api/v1/user-stream').expect(201)).body as { listenKey: string };
    expect(await code(send(bobBot, 'PUT', '/api/v1/user-stream', { listenKey }), 404)).toBe('LISTEN_KEY_NOT_FOUND');
    expect(await code(send(bobBot, 'DELETE', '/api/v1/user-stream', { listenKey }), 404)).toBe('LISTEN_KEY_NOT_FOUND');
    expect(await code(request(t.url).delete('/api/v1/user-stream').set(bearer(bob.accessToken)).send({ listenKey }), 404)).toBe('LISTEN_KEY_NOT_FOUND');
    expect(await code(send(aliceBot, 'PUT', '/api/v1/user-stream', { listenKey: 'x'.repeat(64) }), 404)).toBe('LISTEN_KEY_NOT_FOUND');
    expect(await code(send(aliceBot, 'PUT', '/api/v1/user-stream', {}), 400)).toBe('VALIDATION_FAILED');
    // Bob's attempts changed nothing: the key still opens Alice's stream.
    expect((await connect(listenKey)).socket.connected).toBe(true);
    expect((await send(aliceBot, 'PUT', '/api/v1/user-stream', { listenKey }).expect(200)).body.listenKey).toBe(listenKey);
  });

  it('refuses a listen key in the query string, a token beside it, a malformed one; a listen-key socket takes no token', async () => {
    const user = await register(t.url);
    const { listenKey } = (await request(t.url).post('/api/v1/user-stream').set(bearer(user.accessToken)).expect(201)).body as { listenKey: string };
    expect(await refusal({}, { listenKey })).toBe('TOKEN_IN_QUERY');
    expect(await refusal({ listenKey, token: user.accessToken })).toBe('UNAUTHENTICATED');
    expect(await refusal({ listenKey: 'nope' })).toBe('LISTEN_KEY_NOT_FOUND');
    expect(await refusal({ listenKey: 42 })).toBe('LISTEN_KEY_NOT_FOUND');
    const { socket } = await connect(listenKey);
    expect(await socket.timeout(5000).emitWithAck('authenticate', { token: user.accessToken })).toEqual({ ok: false, error: { code: 'INVALID_REQUEST', message: expect.stringContaining('PUT /api/v1/user-stream') } });
  });

  it('drops a suspended user\'s listen-key socket, and refuses the key at the handshake', async () => {
    const user = await register(t.url);
    const bot = await createBot(user, ['READ']);
    const { listenKey } = (await send(bot, 'POST', '/api/v1/user-stream').expect(201)).body as { listenKey: string };
    const { events } = await connect(listenKey);
    const bystander = await register(t.url);
    const other = await connect((await request(t.url).post('/api/v1/user-stream').set(bearer(bystander.accessToken)).expect(201)).body.listenKey);
    await request(t.url).post(`/api/v1/admin/users/${user.id}/suspend`).set(bearer(admin.accessToken)).send({ reason: 'listen key test' }).expect(200);
    // The periodic re-check (USER_SESSION_RECHECK_MS), run now.
    await t.app.get(UserGateway).recheckSessions();
    await disconnected(events);
    expect(events).toEqual(['error:ACCOUNT_SUSPENDED', 'disconnect:io server disconnect']);
    expect(await refusal({ listenKey })).toBe('ACCOUNT_SUSPENDED');
    expect(other.socket.connected).toBe(true);
  });

  it('stops the listen keys of a revoked API key: sockets dropped with LISTEN_KEY_CLOSED at the re-check, the key 404', async () => {
    const user = await register(t.url);
    const bot = await createBot(user, ['READ']);
    const { listenKey } = (await send(bot, 'POST', '/api/v1/user-stream').expect(201)).body as { listenKey: string };
    const { events } = await connect(listenKey);
    await request(t.url).delete(`/api/v1/api-keys/${bot.id}`).set(bearer(user.accessToken)).expect(204);
    await t.app.get(UserGateway).recheckSessions();
    await disconnected(events);
    expect(events).toEqual(['error:LISTEN_KEY_CLOSED', 'disconnect:io server disconnect']);
    expect(await code(request(t.url).put('/api/v1/user-stream').set(bearer(user.accessToken)).send({ listenKey }), 404)).toBe('LISTEN_KEY_NOT_FOUND');
    expect(await refusal({ listenKey })).toBe('LISTEN_KEY_NOT_FOUND');
  });

  it('keeps at most 10 live keys per user: the 11th closes the one that expires first, and its socket is dropped', async () => {
    const user = await register(t.url);
    const create = async () => (await request(t.url).post('/api/v1/user-stream').set(bearer(user.accessToken)).expect(201)).body.listenKey as string;
    const first = await create();
    const { events } = await connect(first);
    for (let i = 0; i < 9; i++) await create();
    expect(events).toEqual([]);
    await create();
    await disconnected(events, 5000);
    expect(events).toEqual(['error:LISTEN_KEY_CLOSED', 'disconnect:io server disconnect']);
  });
});
