import { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Socket, io } from 'socket.io-client';
import type { MarketClientToServerEvents, MarketServerToClientEvents, TradesMessage } from '../apps/api/src/realtime/market.events';
import type { UserClientToServerEvents, UserServerToClientEvents } from '../apps/api/src/realtime/user.events';
import request from 'supertest';
import { Account, bearer, register } from './support/accounts';
import { sleep, suiteDatabase, until } from './support/market';
import { placeOrder, wholeMark } from './support/orders';
import { buildApp, startAppProcess } from './support/app-process';
import { deposit } from './support/wallet';

jest.setTimeout(90_000);

const withRedis = process.env.REDIS_URL !== undefined && process.env.REDIS_URL !== '';

type UserClient = Socket<UserServerToClientEvents, UserClientToServerEvents>;
type MarketClient = Socket<MarketServerToClientEvents, MarketClientToServerEvents>;

/**
 * Two real API processes on one PostgreSQL and one Redis (Socket.IO Redis
 * adapter on): every instance receives every outbox event and emits to its
 * own sockets only, so a socket on either instance gets each event exactly
 * once. Orders all go to one instance (engine ownership across instances
 * comes later).
 */
(withRedis ? describe : describe.skip)('streams across two instances with the Redis adapter (e2e, two real processes)', () => {
  let build: string;
  const db = suiteDatabase('ustream2');
  const redisPrefix = `test:${randomUUID()}:`;
  const children: ChildProcess[] = [];
  const sockets: Socket[] = [];

  beforeAll(async () => {
    build = buildApp('user-stream-instances');
    await db.create();
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    for (const c of children) c.kill('SIGKILL');
    await db.drop();
  });

  async function start(): Promise<string> {
    const app = await startAppProcess(build, {
      DATABASE_URL: db.url,
      DATABASE_POOL_SIZE: '10',
      // Both instances share the Socket.IO channels: one prefix.
      REDIS_KEY_PREFIX: redisPrefix,
      FEED_INTERVAL_MS: '200',
      MARKET_MAKER: 'false',
      NOISE_TRADER: 'false',
    });
    children.push(app.child);
    return app.url;
  }

  /** The two instances, started once for the suite's tests. */
  let pair: Promise<[string, string]> | undefined;
  const instances = (): Promise<[string, string]> => (pair ??= (async (): Promise<[string, string]> => [await start(), await start()])());

  async function connected<T extends Socket>(socket: T): Promise<T> {
    sockets.push(socket);
    await new Promise<void>((ok, fail) => {
      socket.once('connect', () => ok());
      socket.once('connect_error', fail);
    });
    return socket;
  }

  const userSocket = (url: string, user: Account) =>
    connected<UserClient>(io(`${url}/user`, { transports: ['websocket'], reconnection: false, forceNew: true, auth: { token: user.accessToken } }));
  const marketSocket = (url: string) => connected<MarketClient>(io(`${url}/market`, { transports: ['websocket'], reconnection: false, forceNew: true }));

  function seqs(socket: UserClient): number[] {
    const seen: number[] = [];
    for (const event of ['order', 'fill', 'balance'] as const) socket.on(event, (m: { seq: number }) => seen.push(m.seq));
    return seen;
  }

  it('delivers each event once to a socket on either instance', async () => {
    const [a, b] = await instances();
    const mark = await wholeMark(a, 'ETH-USDT');
    const alice = await register(a);
    const bob = await register(a);
    const aliceOnA = seqs(await userSocket(a, alice));
    const aliceOnB = seqs(await userSocket(b, alice));
    const bobOnB = seqs(await userSocket(b, bob));
    const trades: Record<'a' | 'b', string[]> = { a: [], b: [] };
    for (const [name, url] of [['a', a], ['b', b]] as const) {
      const socket = await marketSocket(url);
      socket.on('trade', (m: TradesMessage) => trades[name].push(...m.trades.map((t) => t.id)));
      expect((await socket.timeout(5000).emitWithAck('subscribe', { symbol: 'ETH-USDT', channels: ['trades'] })).error).toBeUndefined();
    }

    await deposit(a, alice.accessToken, 'USDT', '10000');
    await deposit(a, bob.accessToken, 'ETH', '5');
    for (let i = 0; i < 3; i++) {
      await placeOrder(a, bob.accessToken, { symbol: 'ETH-USDT', side: 'SELL', type: 'LIMIT', quantity: '0.01', price: `${mark + 3n}` }).expect(201);
      await placeOrder(a, alice.accessToken, { symbol: 'ETH-USDT', side: 'BUY', type: 'LIMIT', quantity: '0.01', price: `${mark + 3n}` }).expect(201);
    }
    await until('three trades on both instances', () => (trades.a.length >= 3 && trades.b.length >= 3) || undefined, 10_000);
    await until('alice on both', () => (aliceOnA.length > 0 && aliceOnA.length === aliceOnB.length) || undefined, 10_000);
    await sleep(500); // a duplicate would have arrived by now

    expect(trades.a).toEqual(trades.b);
    expect(new Set(trades.b).size).toBe(3);
    expect(aliceOnB).toEqual(aliceOnA);
    for (const seen of [aliceOnA, aliceOnB, bobOnB]) {
      expect(seen.length).toBeGreaterThan(5);
      for (let i = 1; i < seen.length; i++) expect(seen[i]!).toBeGreaterThan(seen[i - 1]!);
    }
    expect(aliceOnB.some((s) => bobOnB.includes(s))).toBe(false);
  });

  it('a listen key made on one instance opens /user on the other, which drops the socket at once when the key is closed on the first', async () => {
    const [a, b] = await instances();
    const carol = await register(a);
    const { listenKey } = (await request(a).post('/api/v1/user-stream').set(bearer(carol.accessToken)).expect(201)).body as { listenKey: string };
    const socket = await connected<UserClient>(io(`${b}/user`, { transports: ['websocket'], reconnection: false, forceNew: true, auth: { listenKey } }));
    const seen = seqs(socket);
    const events: string[] = [];
    socket.on('error', (e) => events.push(`error:${e.code}`));
    socket.on('disconnect', (reason) => events.push(`disconnect:${reason}`));
    await deposit(a, carol.accessToken, 'USDT', '5');
    await until('the balance on the other instance', () => seen.length > 0 || undefined, 10_000);
    await request(a).put('/api/v1/user-stream').set(bearer(carol.accessToken)).send({ listenKey }).expect(200);
    await request(a).delete('/api/v1/user-stream').set(bearer(carol.accessToken)).send({ listenKey }).expect(204);
    // Well before the 30 s re-check: the closing event crossed over Redis.
    await until('the disconnect on the other instance', () => events.some((e) => e.startsWith('disconnect')) || undefined, 5_000);
    expect(events).toEqual(['error:LISTEN_KEY_CLOSED', 'disconnect:io server disconnect']);
  });
});
