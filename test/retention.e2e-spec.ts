import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { MARKET_MAKER_ACCOUNT_ID, NOISE_TRADER_ACCOUNT_ID, SYSTEM_ACCOUNT_ID_PREFIX } from '@lib/kernel';
import { LeadershipService, RETENTION_LEASE, RetentionScheduler } from '@lib/platform';
import request from 'supertest';
import { Account, bearer, register } from './support/accounts';
import { sleep, suiteDatabase, until } from './support/market';
import { placeOrder, wholeMark } from './support/orders';
import { TestApp, startTestApp } from './support/test-app';
import { deposit } from './support/wallet';

jest.setTimeout(120_000);

const BOTS = `user_id::text LIKE '${SYSTEM_ACCOUNT_ID_PREFIX}%'`;
const ENDED = `status IN ('FILLED', 'CANCELED', 'EXPIRED', 'REJECTED')`;

/**
 * Retention of what only the system needs, on a database of its own (the
 * bots run there, and the rows are backdated): a round deletes the bots'
 * ended orders, their trades with each other, system events and expired
 * idempotency keys, and never a user's order, trade or event.
 */
describe('retention of system rows (e2e)', () => {
  const db = suiteDatabase('retention');
  const bots = { DATABASE_POOL_SIZE: '10', FEED_INTERVAL_MS: '200', MARKET_MAKER: 'true', MARKET_MAKER_REFRESH_MS: '150', NOISE_TRADER: 'true', NOISE_TRADER_MIN_MS: '200', NOISE_TRADER_MAX_MS: '400' };
  // Rounds only when the test asks (runOnce), the outbox pruned every 100 ms.
  const quiet = { RETENTION_INTERVAL_MS: '86400000', OUTBOX_PRUNE_INTERVAL_MS: '100', OUTBOX_POLL_MS: '50' };
  let t: TestApp | undefined;
  let sql: Client;
  let user: Account;
  const count = async (query: string, params: unknown[] = []): Promise<number> => Number((await sql.query<{ n: string }>(query, params)).rows[0]!.n);

  beforeAll(async () => {
    await db.enter();
    sql = new Client({ connectionString: db.url });
    await sql.connect();
    // The bots trade for a while; a user buys from the maker and keeps a resting order of their own.
    t = await startTestApp({ ...bots, ...quiet });
    user = await register(t.url);
    await deposit(t.url, user.accessToken, 'USDT', '10000');
    await until('noise trades between the bots', async () => ((await count(`SELECT count(*) AS n FROM orders.trades WHERE maker_user_id = $1 AND taker_user_id = $2`, [MARKET_MAKER_ACCOUNT_ID, NOISE_TRADER_ACCOUNT_ID])) >= 5 ? true : undefined), 60_000);
    await until('a user\'s market buy filled by the maker', async () => {
      const r = await placeOrder(t!.url, user.accessToken, { symbol: 'BTC-USDT', side: 'BUY', type: 'MARKET', quantity: '0.001' });
      return r.status === 201 && r.body.status === 'FILLED' ? true : undefined;
    }, 30_000);
    const below = (await wholeMark(t.url, 'ETH-USDT')) * 98n / 100n;
    await placeOrder(t.url, user.accessToken, { symbol: 'ETH-USDT', side: 'BUY', type: 'LIMIT', quantity: '0.01', price: `${below}` }).expect(201);
    const canceled = await placeOrder(t.url, user.accessToken, { symbol: 'ETH-USDT', side: 'BUY', type: 'LIMIT', quantity: '0.01', price: `${below - 1n}` }).expect(201);
    await request(t.url).delete(`/api/v1/orders/${canceled.body.id}`).set(bearer(user.accessToken)).expect(200);
    // The leader cancels the maker's quotes at shutdown: every bot order has ended. Then a quiet app does the pruning.
    await t.close();
    t = await startTestApp(quiet);
  });
  afterAll(async () => {
    await t?.close();
    await sql?.end();
    await db.leave();
  });

  it('deletes the bots\' ended orders after BOT_ORDER_RETENTION_MINUTES and their trades with each other after BOT_TRADE_RETENTION_DAYS, never a user\'s', async () => {
    const userOrders = await sql.query(`SELECT * FROM orders.orders WHERE user_id = (SELECT user_id FROM orders.orders WHERE NOT (${BOTS}) LIMIT 1) ORDER BY id`);
    expect(userOrders.rows.length).toBe(3);
    const userTrades = await sql.query(`SELECT * FROM orders.trades WHERE NOT (maker_user_id::text LIKE '${SYSTEM_ACCOUNT_ID_PREFIX}%' AND taker_user_id::text LIKE '${SYSTEM_ACCOUNT_ID_PREFIX}%') ORDER BY id`);
    expect(userTrades.rows.length).toBeGreaterThan(0);
    expect(await count(`SELECT count(*) AS n FROM orders.orders WHERE ${BOTS} AND NOT (${ENDED})`)).toBe(0);
    const botOrders = await count(`SELECT count(*) AS n FROM orders.orders WHERE ${BOTS}`);
    expect(botOrders).toBeGreaterThan(10);

    // Young: nothing goes. The app's own first round (when it takes the retention lease) is over first, so it never races ours.
    const scheduler = t!.app.get(RetentionScheduler);
    await until('the retention lease', () => (t!.app.get(LeadershipService).lease(RETENTION_LEASE).isLeader ? true : undefined), 15_000);
    await sleep(50);
    expect(await scheduler.runOnce()).toMatchObject({ 'bot-orders': 0, 'bot-trades': 0 });

    // Everything (users' rows too) two hours old: the bots' ended orders go, their trades stay (30 days), the user's orders stay.
    await sql.query(`UPDATE orders.orders SET created_at = created_at - interval '2 hours', updated_at = updated_at - interval '2 hours'`);
    const userOrdersBackdated = (await sql.query(`SELECT * FROM orders.orders WHERE NOT (${BOTS}) ORDER BY id`)).rows;
    expect(userOrdersBackdated.map((o) => o.id)).toEqual(userOrders.rows.map((o) => o.id));
    expect(await scheduler.runOnce()).toMatchObject({ 'bot-orders': botOrders, 'bot-trades': 0 });
    expect(await count(`SELECT count(*) AS n FROM orders.orders WHERE ${BOTS}`)).toBe(0);
    expect((await sql.query(`SELECT * FROM orders.orders ORDER BY id`)).rows).toEqual(userOrdersBackdated);

    // Forty days: the bots' trades with each other go; every trade with the user stays, untouched.
    await sql.query(`UPDATE orders.trades SET created_at = created_at - interval '40 days'`);
    const botTrades = await count(`SELECT count(*) AS n FROM orders.trades WHERE maker_user_id::text LIKE '${SYSTEM_ACCOUNT_ID_PREFIX}%' AND taker_user_id::text LIKE '${SYSTEM_ACCOUNT_ID_PREFIX}%'`);
    expect(botTrades).toBeGreaterThan(4);
    expect((await scheduler.runOnce())['bot-trades']).toBe(botTrades);
    const left = (await sql.query(`SELECT * FROM orders.trades ORDER BY id`)).rows;
    expect(left.map((r) => ({ ...r, created_at: undefined }))).toEqual(userTrades.rows.map((r) => ({ ...r, created_at: undefined })));
  });

  it('deletes system events after OUTBOX_SYSTEM_RETENTION_MINUTES with their dedup records, and keeps a user\'s for OUTBOX_RETENTION_HOURS', async () => {
    const userEvents = await count(`SELECT count(*) AS n FROM platform.outbox WHERE payload->>'userId' = $1`, [user.id]);
    expect(userEvents).toBeGreaterThan(3);
    const systemRows = `FROM platform.outbox WHERE NOT (payload ? 'userId') OR payload->>'userId' LIKE '${SYSTEM_ACCOUNT_ID_PREFIX}%'`;
    expect(await count(`SELECT count(*) AS n ${systemRows}`)).toBeGreaterThan(50);
    const systemIds = (await sql.query<{ event_id: string }>(`SELECT event_id ${systemRows}`)).rows.map((r) => r.event_id);
    const records = `SELECT count(*) AS n FROM platform.processed_events WHERE event_id = ANY($1::uuid[])`;
    // Every event 20 minutes old: past the system retention (10 min), far inside the users' (7 days).
    await sql.query(`UPDATE platform.outbox SET recorded_at = recorded_at - interval '20 minutes'`);
    await until('the system events pruned', async () => ((await count(`SELECT count(*) AS n FROM platform.outbox WHERE event_id = ANY($1::uuid[])`, [systemIds])) === 0 ? true : undefined), 30_000);
    expect(await count(records, [systemIds])).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM platform.outbox WHERE payload->>'userId' = $1`, [user.id])).toBe(userEvents);
    // The user can still resume from the start (what /user resume reads).
    expect(await count(`SELECT count(*) AS n FROM platform.outbox WHERE payload->>'userId' = $1 AND recorded_at < now() - interval '15 minutes'`, [user.id])).toBe(userEvents);
  });

  it('expires idempotency keys after IDEMPOTENCY_KEY_TTL_HOURS: a retry after that runs again', async () => {
    const send = (key: string) => request(t!.url).post('/api/v1/wallet/deposits').set(bearer(user.accessToken)).set('Idempotency-Key', key).send({ asset: 'USDT', amount: '1' });
    const [old, fresh] = [randomUUID(), randomUUID()];
    const first = await send(old).expect(201);
    await send(fresh).expect(201);
    await send(old).expect(201).expect('Idempotent-Replayed', 'true');
    await sql.query(`UPDATE platform.idempotency_keys SET created_at = created_at - interval '25 hours' WHERE key = $1`, [old]);
    expect((await t!.app.get(RetentionScheduler).runOnce())['idempotency-keys']).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM platform.idempotency_keys WHERE key = ANY($1::text[])`, [[old, fresh]])).toBe(1);
    const again = await send(old).expect(201);
    expect(again.headers['idempotent-replayed']).toBeUndefined();
    expect(again.body.id ?? again.body.transactionId).not.toEqual(first.body.id ?? first.body.transactionId);
  });
});
