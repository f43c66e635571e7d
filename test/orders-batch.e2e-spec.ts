import { formatUnits } from '@lib/kernel';
import { Client } from 'pg';
import request from 'supertest';
import { Account, bearer, login, register, uniqueEmail } from './support/accounts';
import { suiteDatabase } from './support/market';
import { placeOrder, wholeMark } from './support/orders';
import { TestApp, startTestApp } from './support/test-app';
import { balanceOf, deposit, reconcile } from './support/wallet';

/**
 * Group commit through HTTP on real PostgreSQL: orders that queue for a
 * market commit together in one transaction (one market version per batch),
 * and a refused order in a batch never takes the others down nor leaves a
 * trace. After each burst the database must agree with itself: the book with
 * the open orders, every locked balance with the holds of open orders, every
 * order's filled quantity with its trades, and the ledger with its postings.
 */
describe('orders in batches (e2e)', () => {
  let t: TestApp;
  let admin: Account;
  let db: Client;
  let mark: bigint;
  const adminEmail = uniqueEmail('batch-admin');
  const database = suiteDatabase('orders_batch');

  beforeAll(async () => {
    await database.enter();
    t = await startTestApp({ FEED_ENABLED: 'true', ORDERS_MAX_QUEUED_PER_MARKET: '1000', ADMIN_EMAIL: adminEmail, ADMIN_PASSWORD: 'admin passphrase for tests', DATABASE_POOL_SIZE: '20' });
    admin = await login(t.url, adminEmail, 'admin passphrase for tests');
    mark = await wholeMark(t.url, 'BTC-USDT');
    db = new Client({ connectionString: database.url });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await t?.close();
    await database.leave();
  });

  async function trader(usdt?: string, btc?: string): Promise<Account> {
    const user = await register(t.url);
    if (usdt) await deposit(t.url, user.accessToken, 'USDT', usdt);
    if (btc) await deposit(t.url, user.accessToken, 'BTC', btc);
    return user;
  }

  const version = async (symbol: string) => BigInt((await db.query(`SELECT version::text FROM orders.market_state WHERE symbol = $1`, [symbol])).rows[0]?.version ?? '0');

  /** ~`usdt` whole USDT of BTC at `price`, in quantity units of 1e-5 BTC. */
  const quantityFor = (usdt: bigint, price: bigint) => formatUnits((usdt * 100_000n) / price, 5);

  async function expectConsistent(symbol: string, priceScale: number, quantityScale: number): Promise<void> {
    const { rows } = await db.query(
      `SELECT side, price::text AS price, sum(quantity - filled_quantity)::text AS open FROM orders.orders
        WHERE symbol = $1 AND status IN ('NEW', 'PARTIALLY_FILLED') GROUP BY side, price`,
      [symbol],
    );
    const book = (await request(t.url).get(`/api/v1/markets/${symbol}/orderbook?depth=500`).expect(200)).body;
    const units = (value: string, scale: number) => BigInt(value.replace('.', '')) * 10n ** BigInt(scale - (value.split('.')[1]?.length ?? 0));
    const fromBook = [...book.bids, ...book.asks].map(([p, q]: [string, string]) => `${units(p, priceScale)}:${units(q, quantityScale)}`).sort();
    const fromDb = rows.map((r: { price: string; open: string }) => `${BigInt(r.price)}:${BigInt(r.open)}`).sort();
    expect(fromBook).toEqual(fromDb);

    const holds = await db.query(
      `SELECT user_id || ':' || hold_asset AS k, sum(hold_remaining)::text AS v FROM orders.orders
        WHERE status IN ('NEW', 'PARTIALLY_FILLED') AND hold_remaining > 0 GROUP BY 1`,
    );
    const locked = await db.query(`SELECT owner_id || ':' || asset AS k, locked::text AS v FROM wallet.accounts WHERE kind = 'SPOT' AND locked > 0`);
    const asMap = (r: { rows: { k: string; v: string }[] }) => new Map(r.rows.map((x) => [x.k, x.v]));
    expect(asMap(locked)).toEqual(asMap(holds));

    const unmatched = await db.query(
      `SELECT o.id FROM orders.orders o
         LEFT JOIN (SELECT id, sum(q) AS q FROM (
                      SELECT maker_order_id AS id, quantity AS q FROM orders.trades
                      UNION ALL SELECT taker_order_id, quantity FROM orders.trades) x GROUP BY id) t ON t.id = o.id
        WHERE o.filled_quantity <> COALESCE(t.q, 0)`,
    );
    expect(unmatched.rows).toEqual([]);
    expect((await reconcile(t.url, admin.accessToken)).ok).toBe(true);
  }

  it('commits a burst of crossing orders in a few batches, with the over-committed user refused alone and nothing left of the refusals', async () => {
    const price = mark - 13n;
    const traders = await Promise.all(Array.from({ length: 24 }, () => trader('5000', '0.05')));
    // Its 1,000 USDT cover one of its orders of ~600 USDT: the batch's funds check refuses the others.
    const short = await trader('1000');
    const keyed = await trader('1000');
    const before = await version('BTC-USDT');

    const sent: { owner: string; key?: string; response: Promise<request.Response> }[] = [];
    const shortBuy = { symbol: 'BTC-USDT', side: 'BUY' as const, type: 'LIMIT' as const, quantity: quantityFor(600n, price - 500n), price: `${price - 500n}` };
    for (let round = 0; round < 3; round++) {
      for (const [i, u] of traders.entries()) {
        const side = (round + i) % 2 === 0 ? 'BUY' : 'SELL';
        sent.push({ owner: u.id, response: placeOrder(t.url, u.accessToken, { symbol: 'BTC-USDT', side, type: 'LIMIT', quantity: '0.00300', price: `${price}` }) });
      }
      for (let k = 0; k < 3; k++) {
        const key = `batch-key-${round}-${k}`;
        sent.push({ owner: short.id, response: placeOrder(t.url, short.accessToken, shortBuy) });
        sent.push({ owner: keyed.id, key, response: placeOrder(t.url, keyed.accessToken, shortBuy).set('Idempotency-Key', key) });
      }
    }
    const responses = await Promise.all(sent.map(async (s) => ({ ...s, r: await s.response })));
    const of = (u: Account) => responses.filter((x) => x.owner === u.id);

    expect(responses.filter((x) => x.owner !== short.id && x.owner !== keyed.id && x.r.status !== 201).map((x) => [x.r.status, x.r.body.code])).toEqual([]);
    for (const user of [short, keyed]) {
      const mine = of(user);
      expect(mine.map((x) => x.r.status).sort()).toEqual([201, 422, 422, 422, 422, 422, 422, 422, 422]);
      expect(new Set(mine.filter((x) => x.r.status === 422).map((x) => x.r.body.code))).toEqual(new Set(['INSUFFICIENT_BALANCE']));
    }
    // The crossing orders traded (makers placed earlier in the same batch included).
    expect(responses.some((x) => x.r.status === 201 && x.r.body.fills.length > 0)).toBe(true);
    // Fewer market versions than orders: they committed in batches.
    const batches = Number((await version('BTC-USDT')) - before);
    expect(batches).toBeGreaterThan(0);
    expect(batches).toBeLessThan(sent.length / 2);

    // A refused keyed order left no claim: the same key runs again (and is refused again, the first order still holds the funds).
    const refusedKey = of(keyed).find((x) => x.r.status === 422)!.key!;
    const again = await placeOrder(t.url, keyed.accessToken, shortBuy).set('Idempotency-Key', refusedKey);
    expect([again.status, again.body.code, again.headers['idempotent-replayed']]).toEqual([422, 'INSUFFICIENT_BALANCE', undefined]);
    // The accepted keyed order replays its first answer.
    const accepted = of(keyed).find((x) => x.r.status === 201)!;
    const replay = await placeOrder(t.url, keyed.accessToken, shortBuy).set('Idempotency-Key', accepted.key!);
    expect([replay.status, replay.body.id]).toEqual([201, accepted.r.body.id]);

    await expectConsistent('BTC-USDT', 1, 5);
    for (const u of [...traders, short, keyed]) await request(t.url).delete('/api/v1/orders').set(bearer(u.accessToken)).expect(200);
    await expectConsistent('BTC-USDT', 1, 5);
  });

  it('answers a retried Idempotency-Key and a repeated clientOrderId that land in one batch with the first order, never a 500', async () => {
    const user = await trader('5000');
    const body = { symbol: 'BTC-USDT', side: 'BUY' as const, type: 'LIMIT' as const, quantity: '0.00100', price: `${mark - 900n}` };
    // Other traffic in the same burst, so the repeats queue behind a running batch.
    const others = await Promise.all(Array.from({ length: 6 }, () => trader('5000')));
    const burst = [
      ...others.map((o) => placeOrder(t.url, o.accessToken, { ...body, price: `${mark - 901n}` })),
      ...Array.from({ length: 4 }, () => placeOrder(t.url, user.accessToken, body).set('Idempotency-Key', 'same-key-in-one-batch')),
      ...Array.from({ length: 4 }, () => placeOrder(t.url, user.accessToken, { ...body, clientOrderId: 'same-cid-in-one-batch' })),
    ];
    const responses = await Promise.all(burst);
    expect(responses.slice(0, others.length).map((r) => r.status)).toEqual(others.map(() => 201));
    const keyed = responses.slice(others.length, others.length + 4);
    expect(keyed.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    expect(new Set(keyed.map((r) => r.body.id)).size).toBe(1);
    expect(keyed.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(3);
    const named = responses.slice(others.length + 4);
    expect(named.map((r) => r.status).sort()).toEqual([200, 200, 200, 201]);
    expect(new Set(named.map((r) => r.body.id)).size).toBe(1);
    // Two orders in all: the keyed one and the named one.
    const open = (await request(t.url).get('/api/v1/orders?symbol=BTC-USDT').set(bearer(user.accessToken)).expect(200)).body.items;
    expect(open).toHaveLength(2);
    await expectConsistent('BTC-USDT', 1, 5);
    for (const u of [user, ...others]) await request(t.url).delete('/api/v1/orders').set(bearer(u.accessToken)).expect(200);
  });

  it('replays a retried Idempotency-Key of a user whose funds cover that one order only, never refuses it for the funds it spent', async () => {
    const body = { symbol: 'BTC-USDT', side: 'BUY' as const, type: 'LIMIT' as const, quantity: '0.00100', price: `${mark - 900n}` };
    // 1.5 times the order's cost: enough for one, not for two.
    const user = await trader(`${((mark - 900n) * 15n) / 10_000n}`);
    const others = await Promise.all(Array.from({ length: 6 }, () => trader('5000')));
    const responses = await Promise.all([
      ...others.map((o) => placeOrder(t.url, o.accessToken, { ...body, price: `${mark - 901n}` })),
      ...Array.from({ length: 4 }, () => placeOrder(t.url, user.accessToken, body).set('Idempotency-Key', 'one-order-of-funds')),
    ]);
    const keyed = responses.slice(others.length);
    expect(keyed.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    expect(new Set(keyed.map((r) => r.body.id)).size).toBe(1);
    const open = (await request(t.url).get('/api/v1/orders?symbol=BTC-USDT').set(bearer(user.accessToken)).expect(200)).body.items;
    expect(open).toHaveLength(1);
    await expectConsistent('BTC-USDT', 1, 5);
    for (const u of [user, ...others]) await request(t.url).delete('/api/v1/orders').set(bearer(u.accessToken)).expect(200);
  });

  it('decides again on a rebuilt book when the market moved since the instance cached it: the crossing order fills at the new price', async () => {
    const seller = await trader();
    const buyer = await trader('1000');
    await deposit(t.url, seller.accessToken, 'SOL', '2');
    const sol = await wholeMark(t.url, 'SOL-USDT');
    const before = await version('SOL-USDT');
    const sell = (price: bigint) => placeOrder(t.url, seller.accessToken, { symbol: 'SOL-USDT', side: 'SELL', type: 'LIMIT', quantity: '1.000', price: `${price}` }).expect(201);
    const moved = (await sell(sol + 3n)).body.id as string;
    // The book is in memory now, at the version its last batch made.
    await sell(sol + 4n);
    expect(await version('SOL-USDT')).toBe(before + 2n);

    // Another writer (as another instance's amend would: a sell's hold is its quantity) moves the first ask to a crossing price.
    await db.query('BEGIN');
    await db.query(`UPDATE orders.orders SET price = $2, updated_at = now() WHERE id = $1`, [moved, ((sol + 1n) * 100n).toString()]);
    await db.query(`UPDATE orders.market_state SET version = version + 1 WHERE symbol = 'SOL-USDT'`);
    await db.query('COMMIT');

    // On the cached book the buy would rest (the ask there is still at +3): the version check fails, the batch runs again on the rebuilt book.
    const take = await placeOrder(t.url, buyer.accessToken, { symbol: 'SOL-USDT', side: 'BUY', type: 'LIMIT', quantity: '1.000', price: `${sol + 2n}` }).expect(201);
    expect(take.body).toMatchObject({ status: 'FILLED', filledQuantity: '1.000' });
    expect(take.body.fills.map((f: { price: string; quantity: string }) => [f.price, f.quantity])).toEqual([[`${sol + 1n}.00`, '1.000']]);
    // One version for the buy: the attempt on the stale book wrote nothing, not even its bump.
    expect(await version('SOL-USDT')).toBe(before + 4n);

    // Fill at the maker's (new) price, 0.1% fee each side; the buyer's unused hold released.
    const notional = (sol + 1n) * 1_000_000n;
    const fee = notional / 1000n;
    expect((await balanceOf(t.url, buyer.accessToken, 'USDT')).spot).toEqual({ available: formatUnits(1_000_000_000n - notional - fee, 6), locked: '0.000000', total: formatUnits(1_000_000_000n - notional - fee, 6) });
    expect((await balanceOf(t.url, buyer.accessToken, 'SOL')).spot).toEqual({ available: '1.00000000', locked: '0.00000000', total: '1.00000000' });
    expect((await balanceOf(t.url, seller.accessToken, 'USDT')).spot).toEqual({ available: formatUnits(notional - fee, 6), locked: '0.000000', total: formatUnits(notional - fee, 6) });
    expect((await balanceOf(t.url, seller.accessToken, 'SOL')).spot).toEqual({ available: '0.00000000', locked: '1.00000000', total: '1.00000000' });
    // The book was rebuilt: only the second ask is left, as in the database.
    const book = (await request(t.url).get('/api/v1/markets/SOL-USDT/orderbook?depth=10').expect(200)).body;
    expect([book.bids, book.asks]).toEqual([[], [[`${sol + 4n}.00`, '1.000']]]);
    await expectConsistent('SOL-USDT', 2, 3);
    await request(t.url).delete('/api/v1/orders').set(bearer(seller.accessToken)).expect(200);
  });

  it('lets one user over-commit on two markets at once: exactly one order is accepted and the books and balances agree', async () => {
    const eth = await wholeMark(t.url, 'ETH-USDT');
    const user = await trader('1000');
    // Each order needs ~600 of the 1,000 USDT: whichever batch posts first wins, the other market's locked posting refuses.
    const requests = [];
    for (let i = 0; i < 8; i++) {
      requests.push(placeOrder(t.url, user.accessToken, { symbol: 'BTC-USDT', side: 'BUY', type: 'LIMIT', quantity: quantityFor(600n, mark - 600n), price: `${mark - 600n}` }));
      requests.push(placeOrder(t.url, user.accessToken, { symbol: 'ETH-USDT', side: 'BUY', type: 'LIMIT', quantity: formatUnits((600n * 10_000n) / (eth - 40n), 4), price: `${eth - 40n}` }));
    }
    const responses = await Promise.all(requests);
    expect(responses.filter((r) => r.status === 201)).toHaveLength(1);
    expect(new Set(responses.filter((r) => r.status !== 201).map((r) => `${r.status} ${r.body.code}`))).toEqual(new Set(['422 INSUFFICIENT_BALANCE']));
    await expectConsistent('BTC-USDT', 1, 5);
    await expectConsistent('ETH-USDT', 2, 4);
    await request(t.url).delete('/api/v1/orders').set(bearer(user.accessToken)).expect(200);
  });
});
