import { decode, sign } from 'jsonwebtoken';
import request from 'supertest';
import { Socket, io } from 'socket.io-client';
import { Client } from 'pg';
import type {
  BalanceMessage,
  FillMessage,
  OrderMessage,
  ResumeAck,
  UserClientToServerEvents,
  UserServerToClientEvents,
} from '../apps/api/src/realtime/user.events';
import { UserGateway } from '../apps/api/src/realtime/user.gateway';
import { Account, bearer, login, register, uniqueEmail } from './support/accounts';
import { sleep, suiteDatabase, until } from './support/market';
import { placeOrder, wholeMark } from './support/orders';
import { TEST_JWT_SECRET, TestApp, startTestApp } from './support/test-app';
import { balanceOf, deposit } from './support/wallet';

jest.setTimeout(60_000);

type UserClient = Socket<UserServerToClientEvents, UserClientToServerEvents>;

type Received =
  | ({ event: 'order' } & OrderMessage)
  | ({ event: 'fill' } & FillMessage)
  | ({ event: 'balance' } & BalanceMessage);

/** Everything a /user socket receives, in arrival order. */
function collect(socket: UserClient): Received[] {
  const seen: Received[] = [];
  socket.on('order', (m) => seen.push({ event: 'order', ...m }));
  socket.on('fill', (m) => seen.push({ event: 'fill', ...m }));
  socket.on('balance', (m) => seen.push({ event: 'balance', ...m }));
  return seen;
}

/**
 * /user against the whole app on a database of its own: the handshake's
 * refusals, two users trading who each see their own orders, fills and
 * balances only, with increasing seqs, `resume` after a disconnect, and a
 * suspension while connected.
 */
describe('user: the /user stream (e2e, socket.io-client)', () => {
  const db = suiteDatabase('ustream');
  const adminEmail = uniqueEmail('ustream-admin');
  let t: TestApp;
  let admin: Account;
  let mark: bigint;
  const sockets: UserClient[] = [];

  beforeAll(async () => {
    await db.enter();
    t = await startTestApp({
      MARKET_MAKER: 'false',
      NOISE_TRADER: 'false',
      FEED_INTERVAL_MS: '200',
      DATABASE_POOL_SIZE: '20',
      ADMIN_EMAIL: adminEmail,
      ADMIN_PASSWORD: 'admin passphrase for tests',
    });
    admin = await login(t.url, adminEmail, 'admin passphrase for tests');
    mark = await wholeMark(t.url, 'BTC-USDT');
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await t?.close();
    await db.leave();
  });

  function open(options: { token?: string; query?: Record<string, string> }): UserClient {
    const socket: UserClient = io(`${t.url}/user`, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      ...(options.token === undefined ? {} : { auth: { token: options.token } }),
      ...(options.query ? { query: options.query } : {}),
    });
    sockets.push(socket);
    return socket;
  }

  async function connect(token: string): Promise<UserClient> {
    const socket = open({ token });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    return socket;
  }

  async function refusal(options: { token?: string; query?: Record<string, string> }): Promise<{ message: string; code: string | undefined }> {
    const socket = open(options);
    return new Promise((resolve, reject) => {
      socket.once('connect', () => reject(new Error('connected')));
      socket.once('connect_error', (error: Error & { data?: { code?: string } }) => resolve({ message: error.message, code: error.data?.code }));
    });
  }

  function resume(socket: UserClient, since: unknown): Promise<ResumeAck> {
    return socket.timeout(5000).emitWithAck('resume', { since } as never) as Promise<ResumeAck>;
  }

  describe('the handshake', () => {
    let user: Account;
    beforeAll(async () => {
      user = await register(t.url);
    });

    it('admits a valid token in auth, with or without "Bearer "', async () => {
      expect((await connect(user.accessToken)).connected).toBe(true);
      expect((await connect(`Bearer ${user.accessToken}`)).connected).toBe(true);
    });

    it('refuses a token in the query string, even with a valid one in auth', async () => {
      expect(await refusal({ query: { token: user.accessToken } })).toEqual({ code: 'TOKEN_IN_QUERY', message: expect.stringMatching(/^Never send the access token in the query string/) });
      expect((await refusal({ token: user.accessToken, query: { access_token: user.accessToken } })).code).toBe('TOKEN_IN_QUERY');
      expect((await refusal({ token: user.accessToken, query: { x: user.accessToken } })).code).toBe('TOKEN_IN_QUERY');
    });

    it('refuses a missing, empty, tampered, foreign or expired token', async () => {
      expect(await refusal({})).toEqual({ code: 'UNAUTHENTICATED', message: expect.stringMatching(/^An access token is required in the handshake auth/) });
      expect((await refusal({ token: '' })).code).toBe('UNAUTHENTICATED');
      const [header, payload, signature] = user.accessToken.split('.');
      const flipped = `${signature!.slice(0, -2)}${signature!.endsWith('AA') ? 'BB' : 'AA'}`;
      expect(await refusal({ token: `${header}.${payload}.${flipped}` })).toEqual({ code: 'UNAUTHENTICATED', message: 'The access token is not valid' });
      const claims = decode(user.accessToken) as { sub: string; sid: string; role: string };
      const { issuer, audience } = t.config.jwt;
      const foreign = sign({ sid: claims.sid }, 'another-secret-that-is-long-enough-0123456789', { algorithm: 'HS256', subject: claims.sub, issuer, audience, expiresIn: 60 });
      expect((await refusal({ token: foreign })).code).toBe('UNAUTHENTICATED');
      const expired = sign({ sid: claims.sid, exp: Math.floor(Date.now() / 1000) - 60 }, TEST_JWT_SECRET, { algorithm: 'HS256', subject: claims.sub, issuer, audience });
      expect(await refusal({ token: expired })).toEqual({ code: 'TOKEN_EXPIRED', message: 'The access token has expired: refresh it and connect again' });
    });

    it('refuses a logged-out session and a suspended account', async () => {
      const leaving = await register(t.url);
      await request(t.url).post('/api/v1/auth/logout').set(bearer(leaving.accessToken)).expect(204);
      expect((await refusal({ token: leaving.accessToken })).code).toBe('SESSION_REVOKED');
      const suspended = await register(t.url);
      await request(t.url).post(`/api/v1/admin/users/${suspended.id}/suspend`).set(bearer(admin.accessToken)).send({ reason: 'stream test' }).expect(200);
      expect(await refusal({ token: suspended.accessToken })).toEqual({ code: 'ACCOUNT_SUSPENDED', message: 'This account is suspended' });
    });

    it('disconnects the sockets of an account suspended while connected (session re-check)', async () => {
      const carol = await register(t.url);
      const bystander = await register(t.url);
      const socket = await connect(carol.accessToken);
      const other = await connect(bystander.accessToken);
      const events: string[] = [];
      socket.on('error', (e) => events.push(`error:${e.code}`));
      socket.on('disconnect', (reason) => events.push(`disconnect:${reason}`));
      await request(t.url).post(`/api/v1/admin/users/${carol.id}/suspend`).set(bearer(admin.accessToken)).send({ reason: 'stream test' }).expect(200);
      await t.app.get(UserGateway).recheckSessions();
      await until('the disconnect', () => events.some((e) => e.startsWith('disconnect')) || undefined);
      expect(events).toEqual(['error:ACCOUNT_SUSPENDED', 'disconnect:io server disconnect']);
      expect(other.connected).toBe(true);
    });
  });

  describe('the token expiry', () => {
    let user: Account;
    /** A token of the user's own session that expires `seconds` from now (the server reads the token's `exp`, whatever JWT_ACCESS_TTL_SECONDS issued it). */
    const shortToken = (seconds: number): { token: string; exp: number } => {
      const claims = decode(user.accessToken) as { sub: string; sid: string; role: string };
      const exp = Math.floor(Date.now() / 1000) + seconds;
      const { issuer, audience } = t.config.jwt;
      return { token: sign({ sid: claims.sid, role: claims.role, exp }, TEST_JWT_SECRET, { algorithm: 'HS256', subject: claims.sub, issuer, audience }), exp };
    };
    beforeAll(async () => {
      user = await register(t.url);
    });

    it('disconnects a socket at its token\'s expiry, after an error {code: TOKEN_EXPIRED}, and streams nothing after', async () => {
      const { token, exp } = shortToken(3);
      const socket = await connect(token);
      const seen = collect(socket);
      const events: string[] = [];
      socket.on('error', (e) => events.push(`error:${e.code}`));
      socket.on('disconnect', (reason) => events.push(`disconnect:${reason}`));
      await until('the disconnect', () => events.some((e) => e.startsWith('disconnect')) || undefined, 10_000);
      expect(Date.now()).toBeGreaterThanOrEqual(exp * 1000 - 50);
      expect(events).toEqual(['error:TOKEN_EXPIRED', 'disconnect:io server disconnect']);
      await deposit(t.url, user.accessToken, 'USDT', '5');
      await sleep(500);
      expect(seen).toEqual([]);
    });

    it('keeps a socket that re-authenticates with a fresh token (authenticate {token}) until that token expires', async () => {
      const { token, exp } = shortToken(3);
      const socket = await connect(token);
      const seen = collect(socket);
      const events: string[] = [];
      socket.on('error', (e) => events.push(`error:${e.code}`));
      socket.on('disconnect', (reason) => events.push(`disconnect:${reason}`));
      // Refusals leave the socket as it was: another user's token, a malformed one.
      const other = await register(t.url);
      expect(await socket.timeout(5000).emitWithAck('authenticate', { token: other.accessToken })).toEqual({ ok: false, error: { code: 'WRONG_USER', message: expect.any(String) } });
      expect(await socket.timeout(5000).emitWithAck('authenticate', { token: 'nope' })).toEqual({ ok: false, error: { code: 'UNAUTHENTICATED', message: 'The access token is not valid' } });
      // The token the API issued (JWT_ACCESS_TTL_SECONDS): the socket now lives until its expiry.
      const fresh = decode(user.accessToken) as { exp: number };
      expect(await socket.timeout(5000).emitWithAck('authenticate', { token: user.accessToken })).toEqual({ ok: true, expiresAt: new Date(fresh.exp * 1000).toISOString() });
      await sleep(Math.max(0, exp * 1000 - Date.now()) + 1500);
      expect(socket.connected).toBe(true);
      expect(events).toEqual([]);
      await deposit(t.url, user.accessToken, 'USDT', '5');
      await until('the balance event', () => seen.some((m) => m.event === 'balance') || undefined);
    });
  });

  describe('orders, fills and balances', () => {
    let alice: Account;
    let bob: Account;
    let aliceSocket: UserClient;
    let aliceWitness: UserClient;
    let bobSocket: UserClient;
    let aliceSeen: Received[];
    let witnessSeen: Received[];
    let bobSeen: Received[];
    const aliceOrders = new Set<string>();
    const bobOrders = new Set<string>();

    beforeAll(async () => {
      alice = await register(t.url);
      bob = await register(t.url);
      aliceSocket = await connect(alice.accessToken);
      aliceWitness = await connect(alice.accessToken);
      bobSocket = await connect(bob.accessToken);
      aliceSeen = collect(aliceSocket);
      witnessSeen = collect(aliceWitness);
      bobSeen = collect(bobSocket);
    });

    it('streams each user their own events only, with strictly increasing seqs', async () => {
      await deposit(t.url, alice.accessToken, 'USDT', '20000');
      await deposit(t.url, bob.accessToken, 'BTC', '1');
      const price = mark - 7n;
      const sell = await placeOrder(t.url, bob.accessToken, { symbol: 'BTC-USDT', side: 'SELL', type: 'LIMIT', quantity: '0.1', price: `${price}` }).expect(201);
      const buy = await placeOrder(t.url, alice.accessToken, { symbol: 'BTC-USDT', side: 'BUY', type: 'LIMIT', quantity: '0.1', price: `${price}` }).expect(201);
      bobOrders.add(sell.body.id);
      aliceOrders.add(buy.body.id);
      expect(buy.body.status).toBe('FILLED');

      const filled = (seen: Received[], id: string) => seen.some((m) => m.event === 'order' && m.order.id === id && m.order.status === 'FILLED');
      await until('both FILLED orders', () => (filled(aliceSeen, buy.body.id) && filled(bobSeen, sell.body.id)) || undefined);
      await until('the balances', () => (aliceSeen.filter((m) => m.event === 'balance').length >= 3 && bobSeen.filter((m) => m.event === 'balance').length >= 3) || undefined);
      await sleep(300);

      for (const [seen, own, other] of [
        [aliceSeen, aliceOrders, bobOrders],
        [bobSeen, bobOrders, aliceOrders],
      ] as const) {
        for (let i = 1; i < seen.length; i++) expect(seen[i]!.seq).toBeGreaterThan(seen[i - 1]!.seq);
        for (const m of seen) {
          if (m.event === 'order') expect(own.has(m.order.id)).toBe(true);
          if (m.event === 'fill') expect(own.has(m.fill.orderId)).toBe(true);
          if (m.event === 'order') expect(other.has(m.order.id)).toBe(false);
        }
        expect(seen.filter((m) => m.event === 'fill')).toHaveLength(1);
      }
      const aliceFill = aliceSeen.find((m) => m.event === 'fill') as FillMessage;
      expect(aliceFill.fill).toMatchObject({ orderId: buy.body.id, side: 'BUY', liquidity: 'TAKER', quantity: '0.10000' });
      const bobFill = bobSeen.find((m) => m.event === 'fill') as FillMessage;
      expect(bobFill.fill).toMatchObject({ orderId: sell.body.id, side: 'SELL', liquidity: 'MAKER' });
      // Alice's deposit reaches Alice only; Bob's BTC only Bob; the last balance of each asset equals the REST wallet.
      expect(aliceSeen.some((m) => m.event === 'balance' && m.balance.entryType === 'DEPOSIT' && m.balance.asset === 'USDT')).toBe(true);
      expect(aliceSeen.some((m) => m.event === 'balance' && m.balance.entryType === 'DEPOSIT' && m.balance.asset === 'BTC')).toBe(false);
      expect(bobSeen.some((m) => m.event === 'balance' && m.balance.entryType === 'DEPOSIT' && m.balance.asset === 'USDT')).toBe(false);
      for (const [user, seen] of [
        [alice, aliceSeen],
        [bob, bobSeen],
      ] as const) {
        for (const asset of ['USDT', 'BTC']) {
          const last = seen.filter((m): m is Received & BalanceMessage => m.event === 'balance' && m.balance.asset === asset && m.balance.account === 'SPOT').pop();
          const rest = (await balanceOf(t.url, user.accessToken, asset)).spot;
          expect(last && { available: last.balance.available, locked: last.balance.locked, total: last.balance.total }).toEqual(rest);
        }
      }
      // Both of Alice's sockets saw the same stream.
      expect(witnessSeen).toEqual(aliceSeen);
      // seq is the event's outbox position.
      const client = new Client({ connectionString: db.url });
      await client.connect();
      try {
        const { rows } = await client.query<{ id: string }>(
          `SELECT o.id::text AS id FROM platform.outbox o WHERE o.payload->>'userId' = $1 AND o.type = ANY($2) ORDER BY o.id`,
          [alice.id, ['orders.OrderUpdated', 'orders.FillCreated', 'wallet.BalanceChanged']],
        );
        expect(aliceSeen.map((m) => m.seq)).toEqual(rows.map((r) => Number(r.id)));
      } finally {
        await client.end();
      }
    });

    it('answers resume {since} after a reconnect with exactly the missed events', async () => {
      const since = aliceSeen[aliceSeen.length - 1]!.seq;
      const before = witnessSeen.length;
      aliceSocket.close();
      await until('the disconnect', () => !aliceSocket.connected || undefined);

      // Missed: a deposit, a resting order, its cancel, and a partial fill against Bob.
      await deposit(t.url, alice.accessToken, 'USDT', '1000');
      const resting = await placeOrder(t.url, alice.accessToken, { symbol: 'BTC-USDT', side: 'BUY', type: 'LIMIT', quantity: '0.001', price: `${mark - 900n}` }).expect(201);
      await request(t.url).delete(`/api/v1/orders/${resting.body.id}`).set(bearer(alice.accessToken)).expect(200);
      await placeOrder(t.url, bob.accessToken, { symbol: 'BTC-USDT', side: 'SELL', type: 'LIMIT', quantity: '0.01', price: `${mark - 5n}` }).expect(201);
      await placeOrder(t.url, alice.accessToken, { symbol: 'BTC-USDT', side: 'BUY', type: 'LIMIT', quantity: '0.002', price: `${mark - 5n}` }).expect(201);
      await until('the witness to see the last fill', () => witnessSeen.slice(before).some((m) => m.event === 'fill') || undefined);
      await sleep(300);
      const missed = witnessSeen.slice(before);
      expect(missed.length).toBeGreaterThanOrEqual(6);

      const again = await connect(alice.accessToken);
      const live = collect(again);
      const ack = await resume(again, since);
      expect(ack.more).toBe(false);
      expect(ack.error).toBeUndefined();
      expect(ack.events).toEqual(missed);
      expect(live).toEqual([]);
      // A seq from the answer resumes after it; a string seq is accepted too.
      expect((await resume(again, String(missed[2]!.seq))).events).toEqual(missed.slice(3));
      expect((await resume(again, missed[missed.length - 1]!.seq)).events).toEqual([]);
      // Bob's resume never returns Alice's events.
      const bobAgain = await connect(bob.accessToken);
      const bobResumed = await resume(bobAgain, 0);
      expect(bobResumed.events.length).toBeGreaterThan(0);
      expect(bobResumed.events.some((m) => m.event === 'order' && aliceOrders.has(m.order.id))).toBe(false);
      expect(bobResumed.events.map((m) => m.seq)).toEqual(bobResumed.events.map((m) => m.seq).sort((a, b) => a - b));
    });

    it('refuses a malformed resume', async () => {
      const socket = await connect(alice.accessToken);
      for (const since of [-1, 1.5, 'abc', null, undefined, '01']) {
        const ack = await resume(socket, since);
        expect(ack).toEqual({ events: [], more: false, error: { code: 'INVALID_REQUEST', message: expect.any(String) } });
      }
      expect(socket.connected).toBe(true);
    });
  });
});
