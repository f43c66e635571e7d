import { Client } from 'pg';
import { Socket, io } from 'socket.io-client';
import type { ResumeAck, UserClientToServerEvents, UserServerToClientEvents } from '../apps/api/src/realtime/user.events';
import { Account, register } from './support/accounts';
import { sleep, suiteDatabase } from './support/market';
import { placeOrder, wholeMark } from './support/orders';
import { SocketFlood } from './support/socket-flood';
import { TestApp, startTestApp } from './support/test-app';
import { describeRun, latencyBound, measureOrders } from './support/victim-latency';
import { deposit } from './support/wallet';

jest.setTimeout(240_000);

type UserClient = Socket<UserServerToClientEvents, UserClientToServerEvents>;

const SOCKETS_PER_USER = 10;
/** The attacker's events in the outbox: a resume from 0 would read them all (1000 per page before). */
const ATTACKER_EVENTS = 1000;

/**
 * Issue 12, item 3: one user's sockets sending `resume {since: 0}` every
 * 100 ms must not slow another user's orders. `resume` has a per-user budget
 * (RESUME_LIMITED beyond it), its reads are one page of 200 and at most
 * WS_RESUME_CONCURRENCY at once, and a user holds at most
 * WS_MAX_SOCKETS_PER_USER /user sockets per instance.
 */
describe('fairness: a /user resume flood does not stall matching (e2e)', () => {
  const db = suiteDatabase('fairresume');
  let t: TestApp;
  let mark: bigint;
  let maker: Account;
  let victim: Account;
  let attacker: Account;
  const sockets: UserClient[] = [];

  beforeAll(async () => {
    await db.enter();
    t = await startTestApp({
      MARKET_MAKER: 'false',
      NOISE_TRADER: 'false',
      FEED_INTERVAL_MS: '500',
      DATABASE_POOL_SIZE: '20',
      WS_MAX_SOCKETS_PER_USER: String(SOCKETS_PER_USER),
    });
    mark = await wholeMark(t.url, 'BTC-USDT');
    [maker, victim, attacker] = [await register(t.url), await register(t.url), await register(t.url)];
    await deposit(t.url, maker.accessToken, 'BTC', '1');
    await deposit(t.url, victim.accessToken, 'USDT', '50000');
    for (let i = 1n; i <= 20n; i++) {
      await placeOrder(t.url, maker.accessToken, { symbol: 'BTC-USDT', side: 'SELL', type: 'LIMIT', quantity: '0.02', price: `${mark + 10n * i}` }).expect(201);
    }
    // The attacker's history, written as the wallet writes it (one balance event per ledger change;
    // deposits over HTTP would take a minute): what a resume from 0 reads back.
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      await client.query(
        `INSERT INTO platform.outbox (event_id, type, payload, occurred_at)
         SELECT gen_random_uuid(), 'wallet.BalanceChanged',
                jsonb_build_object('userId', $1::text, 'account', 'SPOT', 'asset', 'USDT', 'available', (n || '.000000'), 'locked', '0.000000',
                                   'total', (n || '.000000'), 'transactionId', gen_random_uuid(), 'entryType', 'DEPOSIT', 'delta', '1.000000',
                                   'occurredAt', now()::text, 'correlationId', gen_random_uuid()),
                now()
           FROM generate_series(1, $2::int) AS n`,
        [attacker.id, ATTACKER_EVENTS],
      );
    } finally {
      await client.end();
    }
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await t?.close();
    await db.leave();
  });

  function open(token: string): UserClient {
    const socket: UserClient = io(`${t.url}/user`, { transports: ['websocket'], reconnection: false, forceNew: true, auth: { token } });
    sockets.push(socket);
    return socket;
  }

  function connect(token: string): Promise<UserClient> {
    const socket = open(token);
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', reject);
    });
  }

  const ioc = () => ({ symbol: 'BTC-USDT', side: 'BUY' as const, type: 'LIMIT' as const, quantity: '0.001', price: `${mark + 500n}`, timeInForce: 'IOC' as const });

  it('keeps another user\'s IOC latency within 5x its baseline p99 (or 500 ms) and never answers it 503', async () => {
    const baseline = await measureOrders(t.url, victim.accessToken, ioc(), { count: 100, pauseMs: 20, maxMs: 30_000 });
    const flood = new SocketFlood();
    try {
      expect(await flood.open({ url: `${t.url}/user`, count: SOCKETS_PER_USER, auth: { token: attacker.accessToken } })).toEqual({ connected: SOCKETS_PER_USER, refused: {} });
      await flood.flood('resume', { since: 0 }, 100);
      await sleep(2000);
      const attacked = await measureOrders(t.url, victim.accessToken, ioc(), { count: 100, pauseMs: 20, maxMs: 90_000 });
      const stats = await flood.stop();
      const bound = latencyBound(baseline);
      console.log(`${describeRun('baseline', baseline)}\n${describeRun('under the resume flood', attacked)}\nbound ${bound.toFixed(0)} ms; flood ${JSON.stringify({ ...stats, snapshots: undefined })}`);
      expect(attacked.samples.length).toBe(100);
      expect(attacked.statuses).toEqual({ 201: 100 });
      expect(attacked.p99).toBeLessThanOrEqual(bound);
      // The budget answered most of them, without a disconnect; what was read was one page at a time.
      expect(stats.ackErrors.RESUME_LIMITED).toBeGreaterThan(stats.acks / 2);
      expect(stats.disconnected).toBe(0);
    } finally {
      flood.kill();
    }
  });

  it('reads one page of 200 per resume; a refused one says when to come back', async () => {
    const socket = await connect(attacker.accessToken);
    const resume = (since: number) => socket.timeout(10_000).emitWithAck('resume', { since }) as Promise<ResumeAck>;
    let first = await resume(0);
    while (first.error?.code === 'RESUME_LIMITED') {
      expect(first).toMatchObject({ events: [], more: true, error: { retryAfterMs: expect.any(Number) } });
      await sleep(first.error.retryAfterMs!);
      first = await resume(0);
    }
    expect(first.error).toBeUndefined();
    expect(first.events).toHaveLength(200);
    expect(first.more).toBe(true);
    // The budget is per user: a burst of resumes runs dry, whichever socket sends them.
    const burst = await Promise.all(Array.from({ length: 15 }, () => resume(first.events[199]!.seq)));
    expect(burst.filter((a) => a.error?.code === 'RESUME_LIMITED').length).toBeGreaterThan(0);
  });

  it('refuses a user\'s socket beyond WS_MAX_SOCKETS_PER_USER with connect_error {code}; other users are not counted', async () => {
    for (const s of sockets) s.close();
    await sleep(300);
    const held = await Promise.all(Array.from({ length: SOCKETS_PER_USER }, () => connect(attacker.accessToken)));
    const refused = open(attacker.accessToken);
    const error = await new Promise<Error & { data?: { code?: string } }>((resolve, reject) => {
      refused.once('connect', () => reject(new Error('connected beyond the cap')));
      refused.once('connect_error', resolve);
    });
    expect(error.data?.code).toBe('TOO_MANY_CONNECTIONS');
    expect(error.message).toMatch(new RegExp(`at most ${SOCKETS_PER_USER} /user sockets`));
    expect((await connect(victim.accessToken)).connected).toBe(true);
    held[0]!.close();
    await sleep(300);
    expect((await connect(attacker.accessToken)).connected).toBe(true);
  });
});
