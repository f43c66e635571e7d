import { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { Socket, io } from 'socket.io-client';
import type { AlertMessage, UserClientToServerEvents, UserServerToClientEvents } from '../apps/api/src/realtime/user.events';
import { Account, bearer, login, register, uniqueEmail } from './support/accounts';
import { buildApp, startAppProcess } from './support/app-process';
import { sleep, suiteDatabase, until } from './support/market';
import { wholeMark } from './support/orders';
import { createPerpMarket } from './support/perp-market';

jest.setTimeout(120_000);

const withRedis = process.env.REDIS_URL !== undefined && process.env.REDIS_URL !== '';
const SYMBOL = 'AAPL-PERP';
const EVALUATOR_LEASE = 'exchange-lease:price-alerts.evaluator';

type UserClient = Socket<UserServerToClientEvents, UserClientToServerEvents>;

/**
 * Price alerts on two real API processes sharing PostgreSQL and Redis
 * (docs/price-alerts.md): both keep the alerts in their index, the holder of
 * the `price-alerts.evaluator` lease evaluates them, the outbox relay and the
 * Socket.IO Redis adapter deliver to sockets on either instance. A price
 * shock fires an alert once: one FIRED history row, one outbox event, one
 * `alert` on each of the owner's sockets (the same seq on both instances).
 * Then the evaluating process is killed: the other takes the lease, rebuilds
 * its index from the database and does not fire the same crossing again, but
 * fires the next one.
 */
(withRedis ? describe : describe.skip)('price alerts on two instances (e2e, two real processes)', () => {
  let build: string;
  const db = suiteDatabase('palerts2');
  const redisPrefix = `test:${randomUUID()}:`;
  const adminEmail = uniqueEmail('alerts2-admin');
  const children: ChildProcess[] = [];
  const sockets: Socket[] = [];
  let pg: Client;
  let a: { url: string; child: ChildProcess };
  let b: { url: string; child: ChildProcess };
  let admin: Account;
  /** The backend of A's lease session (A was alone when it took the lease). */
  let leaderBackend: number;

  async function start(): Promise<{ url: string; child: ChildProcess }> {
    const app = await startAppProcess(build, {
      DATABASE_URL: db.url,
      DATABASE_POOL_SIZE: '10',
      // One prefix: both instances share the Socket.IO channels and the relay's events.
      REDIS_KEY_PREFIX: redisPrefix,
      FEED_ENABLED: 'true',
      FEED_INTERVAL_MS: '200',
      LEADER_RETRY_MS: '200',
      MARKET_MAKER: 'false',
      NOISE_TRADER: 'false',
      ADMIN_EMAIL: adminEmail,
      ADMIN_PASSWORD: 'admin passphrase for tests',
    });
    children.push(app.child);
    return app;
  }

  /** The backend pid of the session holding the evaluator's advisory lock, if any. */
  async function evaluatorBackend(): Promise<number | undefined> {
    const { rows } = await pg.query<{ pid: number }>(
      `SELECT a.pid FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted AND a.application_name = $1`,
      [EVALUATOR_LEASE],
    );
    return rows[0]?.pid;
  }

  beforeAll(async () => {
    build = buildApp('price-alerts-two-processes');
    await db.create();
    pg = new Client({ connectionString: db.url });
    await pg.connect();
    a = await start();
    admin = await login(a.url, adminEmail, 'admin passphrase for tests');
    // AAPL stays still once AAPL-PERP is listed: only the admin's shocks move it. Listed before B boots.
    await createPerpMarket(a.url, admin.accessToken, { minQuantity: '0.05', initialPrice: '100' });
    expect(await wholeMark(a.url, SYMBOL)).toBe(230n);
    leaderBackend = await until('A holds the evaluator lease', evaluatorBackend, 10_000);
    b = await start();
    expect(await wholeMark(b.url, SYMBOL)).toBe(230n);
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    for (const c of children) c.kill('SIGKILL');
    await pg?.end();
    await db.drop();
  });

  async function alerts(url: string, user: Account): Promise<AlertMessage[]> {
    const socket: UserClient = io(`${url}/user`, { transports: ['websocket'], reconnection: false, forceNew: true, auth: { token: user.accessToken } });
    sockets.push(socket);
    await new Promise<void>((ok, fail) => {
      socket.once('connect', () => ok());
      socket.once('connect_error', fail);
    });
    const seen: AlertMessage[] = [];
    socket.on('alert', (m) => seen.push(m));
    return seen;
  }

  const markSeq = async (url: string): Promise<number> => (await request(url).get(`/api/v1/markets/${SYMBOL}/mark-price`).expect(200)).body.seq as number;
  /** A few feed ticks and evaluator looks (every second) after now. */
  async function looksPass(url: string): Promise<void> {
    const seq = await markSeq(url);
    await until('ticks', async () => ((await markSeq(url)) > seq + 5 ? true : undefined), 10_000);
    await sleep(1_500);
  }
  const shock = (url: string, price: string) => request(url).post(`/api/v1/admin/markets/${SYMBOL}/price`).set(bearer(admin.accessToken)).send({ price }).expect(202);
  const history = async (url: string, user: Account) => (await request(url).get('/api/v1/alerts/history').set(bearer(user.accessToken)).expect(200)).body.items as { kind: string; value: string }[];
  async function stored(alertId: string): Promise<{ fired: number; events: number }> {
    const { rows } = await pg.query<{ fired: number; events: number }>(
      `SELECT (SELECT count(*) FROM price_alerts.history WHERE alert_id = $1 AND kind = 'FIRED')::int AS fired,
              (SELECT count(*) FROM platform.outbox WHERE type = 'alerts.PriceAlertFired' AND payload->>'alertId' = $1::text)::int AS events`,
      [alertId],
    );
    return rows[0]!;
  }

  it('fires once: one history row, one event, one `alert` on each socket of either instance', async () => {
    const alice = await register(a.url);
    const onA = await alerts(a.url, alice);
    const onB = await alerts(b.url, alice);
    // Created on B (A, the evaluator, learns of it from the relayed PRICE_ALERT_CHANGED).
    const alert = (await request(b.url).post('/api/v1/alerts').set(bearer(alice.accessToken)).send({ symbol: SYMBOL, condition: 'ABOVE', price: '240' }).expect(201)).body;
    await looksPass(a.url);
    expect([onA, onB]).toEqual([[], []]);

    await shock(b.url, '250');
    await until('the alert on both instances', () => (onA.length > 0 && onB.length > 0 ? true : undefined), 10_000);
    await looksPass(b.url);
    await sleep(500); // a duplicate would have arrived by now

    for (const seen of [onA, onB]) {
      expect(seen).toHaveLength(1);
      expect(seen[0]!.alert).toMatchObject({ alertId: alert.id, condition: 'ABOVE', target: '240', value: '250' });
    }
    expect(onB[0]!.seq).toBe(onA[0]!.seq);
    expect(await stored(alert.id)).toEqual({ fired: 1, events: 1 });
    for (const url of [a.url, b.url]) expect((await history(url, alice)).map((h) => [h.kind, h.value])).toEqual([['FIRED', '250']]);
  });

  it('a takeover of the evaluator does not fire the same crossing again, and fires the next one', async () => {
    const bob = await register(b.url);
    const onB = await alerts(b.url, bob);
    const alert = (await request(b.url).post('/api/v1/alerts').set(bearer(bob.accessToken)).send({ symbol: SYMBOL, condition: 'ABOVE', price: '255', recurring: true }).expect(201)).body;
    await shock(b.url, '260');
    await until('the first firing', () => (onB.length === 1 ? true : undefined), 10_000);
    expect(await stored(alert.id)).toEqual({ fired: 1, events: 1 });

    // The evaluator (A, which took the lease alone) dies; B takes the lease and rebuilds its index.
    expect(await evaluatorBackend()).toBe(leaderBackend);
    a.child.kill('SIGKILL');
    await until('B holds the evaluator lease', async () => {
      const holder = await evaluatorBackend();
      return holder !== undefined && holder !== leaderBackend ? holder : undefined;
    }, 15_000);
    await looksPass(b.url);
    expect(onB).toHaveLength(1);
    expect(await stored(alert.id)).toEqual({ fired: 1, events: 1 });

    // Back under the target (re-armed, silently), then above it again: the next crossing fires, on B.
    await shock(b.url, '250');
    await looksPass(b.url);
    expect(onB).toHaveLength(1);
    await shock(b.url, '258');
    await until('the second firing', () => (onB.length === 2 ? true : undefined), 10_000);
    await looksPass(b.url);
    expect(onB.map((m) => m.alert.value)).toEqual(['260', '258']);
    expect(await stored(alert.id)).toEqual({ fired: 2, events: 2 });
  });
});
