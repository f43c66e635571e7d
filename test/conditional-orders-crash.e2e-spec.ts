import { Client } from 'pg';
import request from 'supertest';
import { Account, bearer, login, register, uniqueEmail } from './support/accounts';
import { AppProcess, buildApp, inParallel, startAppProcess } from './support/app-process';
import { suiteDatabase } from './support/market';
import { reconcile, waitFor } from './support/wallet';
import { AAPL_PERP } from './support/perp-market';

/**
 * Conditional orders across kill -9 (issue 16, docs/conditional-orders.md):
 * 100 users each rest a STOP_MARKET sell of 1 AAPL at 220 on AAPL-USD (spot:
 * USD 2 decimals, taker 0.1 %), a maker bids 100 at 215. The process is
 * killed with the stops resting and restarted (the trigger monitor rebuilds
 * its index from the database); the admin moves AAPL to 219; the process is
 * killed again while the stops are triggering, and restarted. At the end
 * every stop triggered exactly once: FILLED, one trade, one triggered event,
 * each seller 214.78 USD richer and no AAPL left; the ledger reconciles.
 */
const STOPS = 100;

describe('conditional orders: kill -9 with stops resting and while they trigger (e2e, real process)', () => {
  const adminEmail = uniqueEmail('cond-crash-admin');
  const database = suiteDatabase('cond_crash');
  let build: string;
  let app: AppProcess | undefined;

  beforeAll(async () => {
    build = buildApp('cond-crash');
    await database.create();
  });
  afterAll(async () => {
    app?.child.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 500));
    await database.drop();
  });

  async function start(): Promise<string> {
    app = await startAppProcess(build, {
      DATABASE_URL: database.url,
      ADMIN_EMAIL: adminEmail,
      ADMIN_PASSWORD: 'admin passphrase for tests',
      FEED_ENABLED: 'true',
      FEED_INTERVAL_MS: '200',
      TRIGGER_INTERVAL_MS: '100',
      MARKET_MAKER: 'false',
      NOISE_TRADER: 'false',
      MARK_PRICE_FORMULA: 'false',
    });
    return app.url;
  }
  async function kill(): Promise<void> {
    const child = app!.child;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
  async function query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  }
  const filledCount = async () => Number((await query<{ n: string }>(`SELECT count(*) AS n FROM orders.orders WHERE trigger_kind = 'STOP' AND status = 'FILLED'`))[0]!.n);

  it('each stop triggers once across two kills', async () => {
    let url = await start();
    const admin = await login(url, adminEmail, 'admin passphrase for tests');
    await request(url).post('/api/v1/admin/markets').set(bearer(admin.accessToken)).send(AAPL_PERP).expect(201);
    // The spot market walked before the perpetual's listing stilled AAPL: put it at 230.
    await request(url).post('/api/v1/admin/markets/AAPL-PERP/price').set(bearer(admin.accessToken)).send({ price: '230' }).expect(202);
    await waitFor(async () => ((await request(url).get('/api/v1/markets/AAPL-USD/mark-price')).body.mark === '230.00' ? true : undefined), 30_000);
    const maker = await register(url);
    await request(url).post('/api/v1/wallet/deposits').set(bearer(maker.accessToken)).send({ asset: 'USD', amount: '30000' }).expect(201);
    await request(url).post('/api/v1/orders').set(bearer(maker.accessToken)).send({ symbol: 'AAPL-USD', side: 'BUY', type: 'LIMIT', quantity: String(STOPS), price: '215' }).expect(201);
    const sellers: Account[] = [];
    await inParallel(Array.from({ length: STOPS }, (_, i) => i), async () => {
      const user = await register(url);
      await request(url).post('/api/v1/wallet/deposits').set(bearer(user.accessToken)).send({ asset: 'AAPL', amount: '1' }).expect(201);
      const stop = await request(url).post('/api/v1/orders').set(bearer(user.accessToken)).send({ symbol: 'AAPL-USD', side: 'SELL', type: 'STOP_MARKET', quantity: '1', triggerPrice: '220' }).expect(201);
      expect(stop.body.status).toBe('UNTRIGGERED');
      sellers.push(user);
    });

    // 1. Killed with every stop resting; the new process rebuilds its index from the database.
    await kill();
    url = await start();
    const again = await login(url, adminEmail, 'admin passphrase for tests');
    expect(await filledCount()).toBe(0);

    // 2. The price falls through the stops; killed while they trigger.
    await request(url).post('/api/v1/admin/markets/AAPL-PERP/price').set(bearer(again.accessToken)).send({ price: '219' }).expect(202);
    await waitFor(async () => ((await filledCount()) > 0 ? true : undefined), 30_000);
    await kill();
    const atKill = await filledCount();
    url = await start();
    await waitFor(async () => ((await filledCount()) === STOPS ? true : undefined), 60_000);

    // Exactly once: each stop FILLED with one trade at 215 and one event that stamped its trigger.
    const perOrder = await query<{ id: string; status: string; filled: string; trades: string; triggered: string }>(
      `SELECT o.id, o.status, o.filled_quantity::text AS filled,
              (SELECT count(*) FROM orders.trades t WHERE t.taker_order_id = o.id)::text AS trades,
              (SELECT count(*) FROM platform.outbox e WHERE e.type = 'orders.OrderUpdated' AND e.payload->>'orderId' = o.id::text
                  AND e.payload->'trigger'->>'triggeredAt' IS NOT NULL)::text AS triggered
         FROM orders.orders o WHERE o.trigger_kind = 'STOP'`,
    );
    expect(perOrder).toHaveLength(STOPS);
    expect(perOrder.filter((o) => o.status !== 'FILLED' || o.filled !== '1' || o.trades !== '1' || o.triggered !== '1')).toEqual([]);
    for (const seller of sellers) {
      const usd = (await request(url).get('/api/v1/wallet/USD').set(bearer(seller.accessToken)).expect(200)).body.spot;
      const aapl = (await request(url).get('/api/v1/wallet/AAPL').set(bearer(seller.accessToken)).expect(200)).body.spot;
      // 215.00 less 0.22 of taker fee (0.1 %, rounded up).
      expect({ usd, aapl }).toMatchObject({ usd: { available: '214.78', locked: '0.00' }, aapl: { available: '0.000000', locked: '0.000000' } });
    }
    const report = await reconcile(url, (await login(url, adminEmail, 'admin passphrase for tests')).accessToken);
    expect({ ok: report.ok, negative: report.negativeBalances }).toEqual({ ok: true, negative: [] });
    // Whether the second kill landed mid-storm depends on timing; the test says which it was.
    process.stderr.write(`conditional-orders crash: ${atKill} of ${STOPS} stops had filled when the process was killed\n`);
  }, 180_000);
});
