import { Client } from 'pg';
import request from 'supertest';
import { Account, bearer, login, register, uniqueEmail } from './support/accounts';
import { AppProcess, buildApp, inParallel, startAppProcess } from './support/app-process';
import { suiteDatabase } from './support/market';
import { reconcile, waitFor } from './support/wallet';
import { AAPL_PERP } from './support/perp-market';

/**
 * A liquidation cascade with a kill -9 in the middle (issue 15, docs/risk.md). 100 users hold
 * 1,000 positions on ten perpetuals (eight stocks on USD, BTC-PERP and ETH-PERP on USDT): 50
 * longs, half CROSS and half ISOLATED, at leverage 5, 10 or 20, each against one of 50 shorts.
 * A maker bids a ladder under each market. The admin moves every index down 10 % over five
 * feed ticks; the margin monitor liquidates. The process is killed (SIGKILL) once some
 * liquidations have happened, restarted, and the cascade resumes. At the end: no open position
 * is below its maintenance margin, every position equals its owner's fills, each market's sizes
 * sum to zero, CLEARING holds what the entry values imply, nothing is negative and the ledger
 * reconciles.
 */
const STOCKS: readonly (readonly [string, string])[] = [
  ['AAPL', '230'],
  ['GOOGL', '175'],
  ['TSLA', '250'],
  ['MSFT', '420'],
  ['AMZN', '200'],
  ['NFLX', '700'],
  ['META', '580'],
  ['NVDA', '140'],
];
const PAIRS = 50;

interface Market {
  readonly symbol: string;
  readonly asset: string;
  readonly price: bigint;
  /** The size of one position, a decimal string, and the ladder's step in ticks. */
  readonly quantity: string;
}

/** A decimal string in units of its last digit (both sides of a comparison have the same decimals). */
const units = (decimal: string) => BigInt(decimal.replace('.', ''));

describe('liquidation: a cascade over 1,000 positions, kill -9 in the middle (e2e, real process)', () => {
  const adminEmail = uniqueEmail('cascade-admin');
  const database = suiteDatabase('liq_cascade');
  let build: string;
  let app: AppProcess | undefined;

  beforeAll(async () => {
    build = buildApp('liq-cascade');
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
      MARKET_MAKER: 'false',
      NOISE_TRADER: 'false',
      RISK_MONITOR: 'true',
      RISK_MONITOR_INTERVAL_MS: '100',
      // The index moves the mark alone (a thin book's mid would hold it: docs/risk.md).
      MARK_PRICE_FORMULA: 'false',
    });
    return app.url;
  }

  it('liquidates every account below maintenance, across a restart, and loses nothing', async () => {
    let url = await start();
    const admin = await login(url, adminEmail, 'admin passphrase for tests');
    const markets: Market[] = [];
    for (const [base, price] of STOCKS) {
      const symbol = `${base}-PERP`;
      await request(url).post('/api/v1/admin/markets').set(bearer(admin.accessToken)).send({ ...AAPL_PERP, symbol, baseAsset: base, initialPrice: price }).expect(201);
      // About 500 USD of notional per position.
      markets.push({ symbol, asset: 'USD', price: BigInt(price), quantity: (500 / Number(price)).toFixed(2) });
    }
    const mark = async (symbol: string) => BigInt((await request(url).get(`/api/v1/markets/${symbol}/mark-price`).expect(200)).body.mark.split('.')[0]);
    for (const [symbol, quantity] of [['BTC-PERP', '0.005'], ['ETH-PERP', '0.15']] as const) markets.push({ symbol, asset: 'USDT', price: await mark(symbol), quantity });
    for (const m of markets) await waitFor(async () => ((await request(url).get(`/api/v1/markets/${m.symbol}/mark-price`)).status === 200 ? true : undefined), 10_000);

    const credit = (user: Account, asset: string, amount: string) =>
      request(url).post('/api/v1/admin/wallet/adjustments').set(bearer(admin.accessToken)).set('Idempotency-Key', `${user.id}-${asset}`).send({ userId: user.id, asset, amount, reason: 'cascade', account: 'MARGIN' }).expect(201);
    for (const asset of ['USD', 'USDT']) {
      await request(url).post('/api/v1/admin/insurance-fund/top-ups').set(bearer(admin.accessToken)).set('Idempotency-Key', `fund-${asset}`).send({ asset, amount: '100000', reason: 'cascade' }).expect(201);
    }
    const longs: Account[] = [];
    const shorts: Account[] = [];
    await inParallel(Array.from({ length: PAIRS * 2 }, (_, i) => i), async (i) => {
      const user = await register(url);
      (i % 2 === 0 ? longs : shorts).push(user);
    });
    const maker = await register(url);
    await credit(maker, 'USD', '5000000');
    await credit(maker, 'USDT', '5000000');
    // Longs: cross for even, isolated for odd; leverage 5, 10 or 20. Shorts: cross, leverage 5, well funded.
    const leverageOf = (i: number) => [5, 10, 20][i % 3]!;
    await inParallel(longs.map((user, i) => ({ user, i })), async ({ user, i }) => {
      // Cross: a little above the initial margin of its positions per asset; isolated: enough for every position's margin.
      const usd = i % 2 === 0 ? Math.ceil((4000 / leverageOf(i)) * 1.3 + 20) : 4000;
      await credit(user, 'USD', String(usd));
      await credit(user, 'USDT', i % 2 === 0 ? String(Math.ceil((1000 / leverageOf(i)) * 1.3 + 10)) : '1000');
      for (const m of markets) {
        if (i % 2 === 1) await request(url).post(`/api/v1/positions/${m.symbol}/margin-mode`).set(bearer(user.accessToken)).send({ mode: 'ISOLATED' }).expect(200);
        await request(url).post(`/api/v1/positions/${m.symbol}/leverage`).set(bearer(user.accessToken)).send({ leverage: leverageOf(i) }).expect(200);
      }
    });
    await inParallel(shorts, async (user) => {
      await credit(user, 'USD', '20000');
      await credit(user, 'USDT', '20000');
    });
    // 500 pairs of orders: the short rests, the long takes it.
    const pairs = markets.flatMap((m) => longs.map((long, i) => ({ m, long, short: shorts[i]! })));
    await inParallel(pairs, async ({ m, long, short }) => {
      const body = { symbol: m.symbol, type: 'LIMIT', quantity: m.quantity, price: `${m.price}` };
      await request(url).post('/api/v1/orders').set(bearer(short.accessToken)).send({ ...body, side: 'SELL' }).expect(201);
      const taken = await request(url).post('/api/v1/orders').set(bearer(long.accessToken)).send({ ...body, side: 'BUY' }).expect(201);
      expect(taken.body.status).toBe('FILLED');
    });
    const db = new Client({ connectionString: database.url });
    await db.connect();
    try {
      const open = await db.query(`SELECT count(*)::int AS n FROM positions.positions WHERE size <> 0`);
      expect(open.rows[0].n).toBe(1000);
      // The maker's ladder: bids every 2 % from -2 % to -14 % (-1 % to -4 % of the mark on BTC and ETH, whose price band is 5 %), each for 30 % of the longs.
      const ladder = (m: Market) => (m.asset === 'USDT' ? [1, 2, 3, 4] : [2, 4, 6, 8, 10, 12, 14]);
      await inParallel(markets.flatMap((m) => ladder(m).map((pct) => ({ m, pct }))), async ({ m, pct }) => {
        const price = ((m.asset === 'USDT' ? await mark(m.symbol) : m.price) * BigInt(100 - pct)) / 100n;
        const quantity = (Number(m.quantity) * PAIRS * 0.3).toFixed(m.quantity.split('.')[1]!.length);
        const placed = await request(url).post('/api/v1/orders').set(bearer(maker.accessToken)).send({ symbol: m.symbol, side: 'BUY', type: 'LIMIT', quantity, price: `${price}` });
        expect([m.symbol, pct, placed.status, placed.body.code]).toEqual([m.symbol, pct, 201, undefined]);
      });

      // Every index down 10 % over five ticks (1 s at 200 ms a tick).
      for (const m of markets) await request(url).post(`/api/v1/admin/markets/${m.symbol}/price-shock`).set(bearer(admin.accessToken)).send({ percent: '-10', overSeconds: 1 }).expect(202);
      const liquidated = async () => (await db.query(`SELECT count(*)::int AS n FROM wallet.ledger_transactions t WHERE EXISTS (SELECT 1 FROM wallet.postings p JOIN wallet.accounts a ON a.id = p.account_id WHERE p.transaction_id = t.id AND a.kind = 'INSURANCE_FUND' AND p.type = 'TRADE')`)).rows[0].n as number;
      await waitFor(async () => ((await liquidated()) >= 20 ? true : undefined), 60_000);
      app!.child.kill('SIGKILL');
      const before = await liquidated();
      url = await start();

      // The cascade resumes: in the end no open position is below its maintenance margin.
      const users = [...longs, ...shorts];
      const below = async (): Promise<string[]> => {
        const found: string[] = [];
        for (const user of users) {
          const positions = (await request(url).get('/api/v1/positions').set(bearer(user.accessToken)).expect(200)).body as { symbol: string; marginMode: string; marginRatio: string | null }[];
          // marginRatio = maintenance / margin balance (4 decimals, rounded up): above 1 is below maintenance.
          for (const p of positions) if (p.marginMode === 'ISOLATED' && (p.marginRatio === null || units(p.marginRatio) > 10_000n)) found.push(`${user.id} ${p.symbol}`);
          const accounts = (await request(url).get('/api/v1/account/margin').set(bearer(user.accessToken)).expect(200)).body as { asset: string; maintenanceMargin: string; marginBalance: string }[];
          for (const a of accounts) if (units(a.maintenanceMargin) > 0n && crossBelow(positions, a)) found.push(`${user.id} ${a.asset}`);
        }
        return found;
      };
      const crossBelow = (positions: { marginMode: string; symbol: string }[], a: { asset: string; maintenanceMargin: string; marginBalance: string }) =>
        positions.some((p) => p.marginMode === 'CROSS') && units(a.marginBalance) < units(a.maintenanceMargin);
      let left: string[] = [];
      await waitFor(async () => ((left = await below()).length === 0 ? true : undefined), 90_000).catch(() => undefined);
      expect(left).toEqual([]);
      expect(await liquidated()).toBeGreaterThan(before);
      // About a third of the 1,000 are below maintenance at -10 % (isolated at 10x and 20x, cross at 20x).
      const closed = (await db.query(`SELECT count(*)::int AS n FROM positions.closed_positions`)).rows[0].n as number;
      expect(closed).toBeGreaterThan(150);

      // Every position is the sum of its owner's fills; sizes balance per market; CLEARING is exact.
      for (const m of markets) {
        const fills = await db.query(
          `SELECT user_id, sum(signed)::text AS size FROM (
             SELECT taker_user_id AS user_id, CASE WHEN taker_side = 'BUY' THEN quantity ELSE -quantity END AS signed FROM orders.trades WHERE symbol = $1
             UNION ALL
             SELECT maker_user_id, CASE WHEN taker_side = 'BUY' THEN -quantity ELSE quantity END FROM orders.trades WHERE symbol = $1
           ) f GROUP BY user_id`,
          [m.symbol],
        );
        const rows = await db.query(`SELECT user_id, size::text AS size FROM positions.positions WHERE symbol = $1`, [m.symbol]);
        const bySize = new Map(rows.rows.map((r: { user_id: string; size: string }) => [r.user_id, BigInt(r.size)]));
        for (const row of fills.rows as { user_id: string; size: string }[]) expect([m.symbol, row.user_id, bySize.get(row.user_id) ?? 0n]).toEqual([m.symbol, row.user_id, BigInt(row.size)]);
        expect([m.symbol, rows.rows.reduce((sum: bigint, r: { size: string }) => sum + BigInt(r.size), 0n)]).toEqual([m.symbol, 0n]);
      }
      for (const asset of ['USD', 'USDT']) {
        const clearing = await db.query(
          `SELECT (SELECT COALESCE(sum(CASE WHEN size < 0 THEN entry_value ELSE -entry_value END), 0) FROM positions.positions WHERE asset = $1)::text AS implied,
                  (SELECT COALESCE(sum(available), 0) FROM wallet.accounts WHERE kind = 'CLEARING' AND asset = $1)::text AS balance`,
          [asset],
        );
        expect([asset, BigInt(clearing.rows[0].balance)]).toEqual([asset, BigInt(clearing.rows[0].implied)]);
      }
      const report = await reconcile(url, (await login(url, adminEmail, 'admin passphrase for tests')).accessToken);
      expect({ ok: report.ok, negative: report.negativeBalances }).toEqual({ ok: true, negative: [] });
    } finally {
      await db.end();
    }
    app!.child.kill('SIGTERM');
  }, 300_000);
});
