import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { Account, bearer, login, register, uniqueEmail } from './support/accounts';
import { AppProcess, buildApp, startAppProcess } from './support/app-process';
import { placeOrder, wholeMark } from './support/orders';
import { suiteDatabase } from './support/market';
import { deposit, reconcile, waitFor } from './support/wallet';

/**
 * kill -9 while users trade a perpetual. After a restart: every position is
 * the sum of its owner's fills, open interest is balanced, the clearing
 * account holds what the open positions' entry values imply, every MARGIN
 * account's LOCKED is its open orders' holds plus its isolated margins, and
 * the ledger reconciles.
 */
describe('perpetuals: kill -9 while trading (e2e, real process)', () => {
  const adminEmail = uniqueEmail('perp-crash-admin');
  const dataDir = mkdtempSync(join(tmpdir(), 'exchange-perp-crash-'));
  const SYMBOL = 'ETH-PERP';
  // A database of its own: the invariants below are global (CLEARING is one account per asset), and other suites post to the run's.
  const database = suiteDatabase('perp_crash');
  let build: string;
  let app: AppProcess | undefined;

  beforeAll(async () => {
    build = buildApp('perp-crash');
    await database.create();
  });
  afterAll(async () => {
    app?.child.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 500));
    await database.drop();
  });

  async function start(): Promise<string> {
    app = await startAppProcess(build, {
      DATA_DIR: dataDir,
      DATABASE_URL: database.url,
      ADMIN_EMAIL: adminEmail,
      ADMIN_PASSWORD: 'admin passphrase for tests',
      FEED_ENABLED: 'true',
      MARKET_MAKER: 'false',
      NOISE_TRADER: 'false',
    });
    return app.url;
  }

  it('keeps positions equal to their fills, open interest balanced and the clearing account exact', async () => {
    let url = await start();
    const mark = await wholeMark(url, SYMBOL);
    const traders: Account[] = [];
    for (let i = 0; i < 6; i++) {
      const user = await register(url);
      await deposit(url, user.accessToken, 'USDT', '20000');
      await request(url).post('/api/v1/wallet/transfers').set(bearer(user.accessToken)).send({ asset: 'USDT', amount: '20000', from: 'SPOT', to: 'MARGIN' }).expect(201);
      traders.push(user);
    }
    let acknowledged = 0;
    let stop = false;
    // Both sides around the mark, some reduce-only: positions open, add, reduce and flip while the process dies.
    const loops = traders.map(async (user, i) => {
      for (let n = 0; !stop; n++) {
        const side = (i + n) % 3 === 0 ? 'SELL' : i % 2 === 0 ? 'BUY' : 'SELL';
        const offset = BigInt((n * 7 + i * 3) % 40) - 20n;
        const response = await placeOrder(url, user.accessToken, { symbol: SYMBOL, side, type: 'LIMIT', quantity: `0.0${1 + (n % 5)}`, price: `${mark + offset}` }).catch(() => undefined);
        if (response?.status === 201) acknowledged += 1;
        if (!response) return;
      }
    });
    await waitFor(async () => (acknowledged >= 80 ? true : undefined), 40_000);
    app!.child.kill('SIGKILL');
    stop = true;
    await Promise.all(loops);
    url = await start();

    const db = new Client({ connectionString: database.url });
    await db.connect();
    try {
      const ids = traders.map((t) => t.id);
      const fills = await db.query(
        `SELECT user_id, sum(signed)::text AS size FROM (
           SELECT taker_user_id AS user_id, CASE WHEN taker_side = 'BUY' THEN quantity ELSE -quantity END AS signed FROM orders.trades WHERE symbol = $1
           UNION ALL
           SELECT maker_user_id, CASE WHEN taker_side = 'BUY' THEN -quantity ELSE quantity END FROM orders.trades WHERE symbol = $1
         ) f WHERE user_id = ANY($2::uuid[]) GROUP BY user_id`,
        [SYMBOL, ids],
      );
      expect(fills.rows.length).toBeGreaterThan(1);
      const positions = await db.query(`SELECT user_id, size::text AS size, entry_value::text AS entry_value, isolated_margin::text AS iso FROM positions.positions WHERE symbol = $1`, [SYMBOL]);
      const bySize = new Map(positions.rows.map((r: { user_id: string; size: string }) => [r.user_id, BigInt(r.size)]));
      for (const row of fills.rows as { user_id: string; size: string }[]) expect([row.user_id, bySize.get(row.user_id) ?? 0n]).toEqual([row.user_id, BigInt(row.size)]);
      // Open interest balanced (only these traders trade this market here).
      expect(positions.rows.reduce((sum: bigint, r: { size: string }) => sum + BigInt(r.size), 0n)).toBe(0n);

      // The clearing account: Σ entry value of shorts − Σ entry value of longs, over every perpetual of the settlement asset.
      const clearing = await db.query(
        `SELECT (SELECT COALESCE(sum(CASE WHEN size < 0 THEN entry_value ELSE -entry_value END), 0) FROM positions.positions WHERE asset = 'USDT')::text AS implied,
                (SELECT COALESCE(sum(available), 0) FROM wallet.accounts WHERE kind = 'CLEARING' AND asset = 'USDT')::text AS balance`,
      );
      expect(BigInt(clearing.rows[0].balance)).toBe(BigInt(clearing.rows[0].implied));

      // LOCKED of each MARGIN account = what its open orders hold + its isolated margins.
      const held = await db.query(
        `SELECT u.id, COALESCE((SELECT sum(hold_remaining) FROM orders.orders o WHERE o.user_id = u.id AND o.symbol LIKE '%-PERP' AND o.status IN ('NEW', 'PARTIALLY_FILLED')), 0)
                 + COALESCE((SELECT sum(isolated_margin) FROM positions.positions p WHERE p.user_id = u.id), 0) AS expected,
                COALESCE((SELECT locked FROM wallet.accounts a WHERE a.owner_id = u.id AND a.kind = 'MARGIN' AND a.asset = 'USDT'), 0) AS locked
           FROM unnest($1::uuid[]) AS u(id)`,
        [ids],
      );
      for (const row of held.rows as { id: string; expected: string; locked: string }[]) expect([row.id, row.locked]).toEqual([row.id, row.expected]);

      const admin = await login(url, adminEmail, 'admin passphrase for tests');
      expect((await reconcile(url, admin.accessToken)).ok).toBe(true);
      // Trading goes on after the restart: a trader can still close.
      const someone = traders.find((t) => (bySize.get(t.id) ?? 0n) !== 0n)!;
      const size = bySize.get(someone.id)!;
      const quantity = (size < 0n ? -size : size).toString().padStart(3, '0');
      const close = await placeOrder(url, someone.accessToken, {
        symbol: SYMBOL,
        side: size > 0n ? 'SELL' : 'BUY',
        type: 'LIMIT',
        quantity: `${quantity.slice(0, -2)}.${quantity.slice(-2)}`,
        price: `${mark}`,
        reduceOnly: true,
      } as never).set(bearer(someone.accessToken));
      expect(close.status).toBe(201);
    } finally {
      await db.end();
    }
    app!.child.kill('SIGTERM');
  }, 120_000);
});
