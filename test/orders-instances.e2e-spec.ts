import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { Account, bearer, login, register, uniqueEmail } from './support/accounts';
import { AppProcess, buildApp, startAppProcess } from './support/app-process';
import { placeOrder, wholeMark } from './support/orders';
import { deposit, reconcile } from './support/wallet';

/**
 * Two API instances on one database take orders for the same market. Each
 * batch that writes the market bumps its version under a row lock (on the
 * fast path, only if it is still the version the instance's cached book
 * reflects; otherwise the batch is rolled back and run again bumping first),
 * so the instances take turns and an instance whose book missed the other's
 * changes rebuilds it before its writes count: no crossed book, no lost or
 * doubled fill, the same depth on both, a clean ledger.
 */
describe('orders: two instances on one market (e2e, two real processes)', () => {
  const adminEmail = uniqueEmail('orders-instances-admin');
  const apps: AppProcess[] = [];

  beforeAll(async () => {
    const build = buildApp('orders-instances');
    for (let i = 0; i < 2; i++) {
      apps.push(
        await startAppProcess(build, {
          DATA_DIR: mkdtempSync(join(tmpdir(), 'exchange-orders-instances-')),
          ADMIN_EMAIL: adminEmail,
          ADMIN_PASSWORD: 'admin passphrase for tests',
          FEED_ENABLED: 'true',
        }),
      );
    }
  }, 90_000);
  afterAll(() => {
    for (const app of apps) app.child.kill('SIGKILL');
  });

  it('matches orders placed through either instance against each other, and both serve the same book', async () => {
    const [a, b] = apps as [AppProcess, AppProcess];
    const mark = await wholeMark(a.url, 'SOL-USDT');
    const seller: Account = await register(a.url);
    const buyer: Account = await register(b.url);
    await deposit(a.url, seller.accessToken, 'SOL', '100');
    await deposit(b.url, buyer.accessToken, 'USDT', '50000');

    // Asks rest through A; bids through B cross them: B must see A's orders.
    for (let i = 0; i < 5; i++) {
      await placeOrder(a.url, seller.accessToken, { symbol: 'SOL-USDT', side: 'SELL', type: 'LIMIT', quantity: '1.000', price: `${mark + BigInt(i)}` }).expect(201);
    }
    const take = await placeOrder(b.url, buyer.accessToken, { symbol: 'SOL-USDT', side: 'BUY', type: 'LIMIT', quantity: '3.000', price: `${mark + 4n}` }).expect(201);
    expect(take.body).toMatchObject({ status: 'FILLED', filledQuantity: '3.000' });
    expect(take.body.fills.map((f: { price: string }) => f.price)).toEqual([`${mark}.00`, `${mark + 1n}.00`, `${mark + 2n}.00`]);

    // Then interleaved, concurrently, through both.
    const mixed = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        i % 2 === 0
          ? placeOrder(a.url, seller.accessToken, { symbol: 'SOL-USDT', side: 'SELL', type: 'LIMIT', quantity: '0.500', price: `${mark + BigInt(i % 4)}` })
          : placeOrder(b.url, buyer.accessToken, { symbol: 'SOL-USDT', side: 'BUY', type: 'LIMIT', quantity: '0.500', price: `${mark + 2n}` }),
      ),
    );
    expect(mixed.filter((r) => r.status !== 201).map((r) => r.body)).toEqual([]);

    // Any command on A brings A's book up to date; then both books are the same.
    for (const [url, user, side, price] of [
      [a.url, seller, 'SELL', mark + 6n],
      [b.url, buyer, 'BUY', mark - 6n],
      [a.url, seller, 'SELL', mark + 6n],
    ] as const) {
      const r = await placeOrder(url, user.accessToken, { symbol: 'SOL-USDT', side, type: 'LIMIT', quantity: '0.100', price: `${price}` });
      expect([r.status, r.body.code]).toEqual([201, undefined]);
    }
    const depthA = (await request(a.url).get('/api/v1/markets/SOL-USDT/orderbook?depth=100').expect(200)).body;
    const depthB = (await request(b.url).get('/api/v1/markets/SOL-USDT/orderbook?depth=100').expect(200)).body;
    expect(depthA.asks).toEqual(depthB.asks);
    const bestBid = depthA.bids[0]?.[0];
    const bestAsk = depthA.asks[0]?.[0];
    if (bestBid && bestAsk) expect(BigInt(bestBid.replace('.', ''))).toBeLessThan(BigInt(bestAsk.replace('.', '')));

    const admin = await login(a.url, adminEmail, 'admin passphrase for tests');
    expect((await reconcile(a.url, admin.accessToken)).ok).toBe(true);
    const open = (await request(b.url).get('/api/v1/orders?symbol=SOL-USDT').set(bearer(seller.accessToken)).expect(200)).body.items;
    const restingAsk = open.reduce((sum: bigint, o: { remainingQuantity: string }) => sum + BigInt(o.remainingQuantity.replace('.', '')), 0n);
    const bookAsk = depthA.asks.reduce((sum: bigint, [, q]: [string, string]) => sum + BigInt(q.replace('.', '')), 0n);
    expect(bookAsk).toBe(restingAsk);
  }, 60_000);
});
