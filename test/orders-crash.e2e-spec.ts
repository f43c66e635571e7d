import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { Account, bearer, login, register, uniqueEmail } from './support/accounts';
import { AppProcess, buildApp, startAppProcess } from './support/app-process';
import { placeOrder, wholeMark } from './support/orders';
import { deposit, reconcile, waitFor } from './support/wallet';

/**
 * kill -9 under order load. After a restart: every acknowledged order is in
 * the database, the rebuilt book equals the open orders in the database, and
 * the ledger reconciles (every hold equals what its open order still needs).
 */
describe('orders: kill -9 under load (e2e, real process)', () => {
  const adminEmail = uniqueEmail('orders-crash-admin');
  const dataDir = mkdtempSync(join(tmpdir(), 'exchange-orders-crash-'));
  let build: string;
  let app: AppProcess | undefined;

  beforeAll(() => {
    build = buildApp('orders-crash');
  });
  afterAll(() => {
    app?.child.kill('SIGKILL');
  });

  async function start(): Promise<string> {
    app = await startAppProcess(build, {
      DATA_DIR: dataDir,
      ADMIN_EMAIL: adminEmail,
      ADMIN_PASSWORD: 'admin passphrase for tests',
      FEED_ENABLED: 'true',
      MARKET_MAKER: 'false',
      NOISE_TRADER: 'false',
    });
    return app.url;
  }

  it('keeps every acknowledged order, rebuilds the book from the open orders, and the ledger stays clean', async () => {
    let url = await start();
    const mark = await wholeMark(url, 'ETH-USDT');
    const traders: Account[] = [];
    for (let i = 0; i < 6; i++) {
      const user = await register(url);
      await deposit(url, user.accessToken, 'USDT', '50000');
      await deposit(url, user.accessToken, 'ETH', '10');
      traders.push(user);
    }
    const acknowledged: { id: string; token: string }[] = [];
    let stop = false;
    // Buyers and sellers around the mark: resting orders, partial fills and trades while the process dies.
    const loops = traders.map(async (user, i) => {
      for (let n = 0; !stop; n++) {
        const side = i % 2 === 0 ? 'BUY' : 'SELL';
        const offset = BigInt((n * 7 + i * 3) % 40) - 20n;
        const response = await placeOrder(url, user.accessToken, { symbol: 'ETH-USDT', side, type: 'LIMIT', quantity: '0.0100', price: `${mark + offset}` }).catch(() => undefined);
        if (response?.status === 201) acknowledged.push({ id: response.body.id, token: user.accessToken });
        if (!response) return;
      }
    });
    await waitFor(async () => (acknowledged.length >= 60 ? true : undefined), 30_000);
    app!.child.kill('SIGKILL');
    stop = true;
    await Promise.all(loops);

    url = await start();
    for (const { id, token } of acknowledged) {
      const again = await request(url).get(`/api/v1/orders/${id}`).set(bearer(token));
      expect(again.status).toBe(200);
    }

    const db = new Client({ connectionString: process.env.TEST_DATABASE_URL });
    await db.connect();
    try {
      const { rows } = await db.query(
        `SELECT side, price::text AS price, sum(quantity - filled_quantity)::text AS open FROM orders.orders
          WHERE symbol = 'ETH-USDT' AND status IN ('NEW', 'PARTIALLY_FILLED') GROUP BY side, price`,
      );
      const book = (await request(url).get('/api/v1/markets/ETH-USDT/orderbook?depth=500').expect(200)).body;
      // Depth is in decimals (price scale 2, quantity scale 4); the database in integer units.
      const units = (price: string, quantity: string) => `${price.replace('.', '')}:${BigInt(quantity.replace('.', ''))}`;
      const fromBook = [...book.bids, ...book.asks].map(([p, q]: [string, string]) => units(p, q)).sort();
      const fromDb = rows.map((r: { price: string; open: string }) => `${BigInt(r.price)}:${BigInt(r.open)}`).sort();
      expect(fromBook).toEqual(fromDb);
      expect(fromBook.length).toBeGreaterThan(0);

      const admin = await login(url, adminEmail, 'admin passphrase for tests');
      expect((await reconcile(url, admin.accessToken)).ok).toBe(true);
      // Every open order's hold is exactly its locked share: locked USDT and ETH equal the holds of open orders.
      const holds = await db.query(
        `SELECT o.user_id, o.hold_asset, sum(o.hold_remaining)::text AS held FROM orders.orders o
          WHERE o.user_id = ANY($1::uuid[]) AND o.status IN ('NEW', 'PARTIALLY_FILLED') GROUP BY 1, 2`,
        [traders.map((t) => t.id)],
      );
      const locked = await db.query(
        `SELECT owner_id, asset, locked::text AS locked FROM wallet.accounts WHERE owner_id = ANY($1::uuid[]) AND kind = 'SPOT' AND locked > 0`,
        [traders.map((t) => t.id)],
      );
      const key = (user: string, asset: string) => `${user}:${asset}`;
      expect(new Map(locked.rows.map((r: { owner_id: string; asset: string; locked: string }) => [key(r.owner_id, r.asset), r.locked]))).toEqual(
        new Map(holds.rows.map((r: { user_id: string; hold_asset: string; held: string }) => [key(r.user_id, r.hold_asset), r.held])),
      );
    } finally {
      await db.end();
    }
    app!.child.kill('SIGTERM');
  }, 90_000);
});
