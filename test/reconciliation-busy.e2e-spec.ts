import request from 'supertest';
import { ReconciliationJob, type ReconciliationStatus } from '@lib/risk';
import { Account, bearer, login, register, uniqueEmail } from './support/accounts';
import { suiteDatabase } from './support/market';
import { placeOrder, wholeMark } from './support/orders';
import { createPerpMarket, expectPerpInvariants, toMargin } from './support/perp-market';
import { createSpotMarket, nextCheck } from './support/reconciliation';
import { TestApp, startTestApp } from './support/test-app';
import { deposit } from './support/wallet';

/**
 * No false alarm under load (docs/operations.md, "Continuous
 * reconciliation"): six users trade at once on a spot market and a
 * perpetual (limit orders that cross, market orders, cancels, isolated and
 * cross positions, withdrawals requested and cancelled) while the job checks
 * every 200 ms with RECONCILE_HALT_ON_MISMATCH=true. Every check the job ran
 * (its `onCheck` listener) must be clean, and no market halted.
 */
describe('continuous reconciliation on a busy exchange (e2e)', () => {
  let t: TestApp;
  let admin: Account;
  const adminEmail = uniqueEmail('reconcile-busy-admin');
  const db = suiteDatabase('reconciliation_busy');

  beforeAll(async () => {
    await db.enter();
    t = await startTestApp({
      RECONCILE: 'true',
      RECONCILE_INTERVAL_MS: '200',
      RECONCILE_HALT_ON_MISMATCH: 'true',
      FEED_ENABLED: 'true',
      FEED_INTERVAL_MS: '200',
      MARKET_MAKER: 'false',
      NOISE_TRADER: 'false',
      WITHDRAWAL_DELAY_MS: '3600000',
      DATABASE_POOL_SIZE: '8',
      ADMIN_EMAIL: adminEmail,
      ADMIN_PASSWORD: 'admin passphrase for tests',
    });
    admin = await login(t.url, adminEmail, 'admin passphrase for tests');
    await createSpotMarket(t.url, admin.accessToken);
    await createPerpMarket(t.url, admin.accessToken);
    expect(await wholeMark(t.url, 'ETH-USD')).toBe(100n);
    expect(await wholeMark(t.url, 'AAPL-PERP')).toBe(230n);
  });
  afterAll(async () => {
    await t?.close();
    await db.leave();
  });

  /** A small deterministic generator (mulberry32): the same run every time. */
  function random(seed: number): () => number {
    let a = seed;
    return () => {
      a = (a + 0x6d2b79f5) | 0;
      let x = Math.imul(a ^ (a >>> 15), 1 | a);
      x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
      return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
    };
  }

  it('finds nothing wrong in any check while trades, cancels and withdrawals are in flight', async () => {
    const users: Account[] = [];
    for (let i = 0; i < 6; i++) {
      const user = await register(t.url);
      await deposit(t.url, user.accessToken, 'USD', '20000');
      await deposit(t.url, user.accessToken, 'ETH', '20');
      await toMargin(t.url, user.accessToken, 'USD', '10000');
      if (i % 3 === 0) await request(t.url).post('/api/v1/positions/AAPL-PERP/margin-mode').set(bearer(user.accessToken)).send({ mode: 'ISOLATED' }).expect(200);
      users.push(user);
    }
    const statuses: ReconciliationStatus[] = [];
    const stop = t.app.get(ReconciliationJob).onCheck((s) => statuses.push(s));
    const counts = { orders: 0, filled: 0, cancels: 0, withdrawals: 0 };

    const trade = async (user: Account, next: () => number, until: number) => {
      const open: string[] = [];
      const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
      while (Date.now() < until) {
        const roll = next();
        if (roll < 0.35) {
          const side = pick(['BUY', 'SELL'] as const);
          const r = await placeOrder(t.url, user.accessToken, { symbol: 'ETH-USD', side, type: 'LIMIT', quantity: (0.05 + Math.floor(next() * 95) / 100).toFixed(2), price: String(96 + Math.floor(next() * 9)) });
          if (r.status === 201) {
            counts.orders += 1;
            if (r.body.fills?.length) counts.filled += 1;
            if (r.body.status === 'NEW' || r.body.status === 'PARTIALLY_FILLED') open.push(r.body.id);
          }
        } else if (roll < 0.45) {
          const r = await placeOrder(t.url, user.accessToken, { symbol: 'ETH-USD', side: pick(['BUY', 'SELL'] as const), type: 'MARKET', quantity: '0.10' });
          if (r.status === 201 && r.body.fills?.length) counts.filled += 1;
        } else if (roll < 0.75) {
          const side = pick(['BUY', 'SELL'] as const);
          const r = await placeOrder(t.url, user.accessToken, { symbol: 'AAPL-PERP', side, type: 'LIMIT', quantity: (0.01 + Math.floor(next() * 50) / 100).toFixed(2), price: String(226 + Math.floor(next() * 9)) });
          if (r.status === 201) {
            counts.orders += 1;
            if (r.body.fills?.length) counts.filled += 1;
            if (r.body.status === 'NEW' || r.body.status === 'PARTIALLY_FILLED') open.push(r.body.id);
          }
        } else if (roll < 0.92 && open.length > 0) {
          const id = open.splice(Math.floor(next() * open.length), 1)[0]!;
          if ((await request(t.url).delete(`/api/v1/orders/${id}`).set(bearer(user.accessToken))).status === 200) counts.cancels += 1;
        } else {
          const w = await request(t.url).post('/api/v1/wallet/withdrawals').set(bearer(user.accessToken)).send({ asset: 'USD', amount: '1.23', address: 'busy-reconcile-address' });
          if (w.status === 201) {
            counts.withdrawals += 1;
            if (next() < 0.5) await request(t.url).post(`/api/v1/wallet/withdrawals/${w.body.id}/cancel`).set(bearer(user.accessToken)).expect(200);
          }
        }
      }
    };
    const until = Date.now() + 6_000;
    await Promise.all(users.map((user, i) => trade(user, random(17 + i), until)));
    // The last checks see the state as the traffic left it.
    const last = await nextCheck(t.url, admin.accessToken);
    stop();

    const bad = statuses.filter((s) => s.ok !== true);
    expect(bad.map((s) => ({ report: s.report, lockedFunds: s.lockedFunds, openInterest: s.openInterest, clearing: s.clearing }))).toEqual([]);
    expect(statuses.flatMap((s) => s.haltedSymbols)).toEqual([]);
    expect(last).toMatchObject({ ok: true, affectedSymbols: [], haltedSymbols: [] });
    // It was busy: checks ran throughout, with open orders, positions and pending withdrawals to compare.
    expect(statuses.length).toBeGreaterThanOrEqual(10);
    expect(statuses.filter((s) => (s.lockedFunds?.accounts ?? 0) > 0 && (s.openInterest?.length ?? 0) > 0).length).toBeGreaterThanOrEqual(5);
    expect(counts.filled).toBeGreaterThanOrEqual(20);
    expect(counts.withdrawals).toBeGreaterThanOrEqual(3);
    expect(counts.cancels).toBeGreaterThanOrEqual(5);
    for (const symbol of ['ETH-USD', 'AAPL-PERP']) expect((await request(t.url).get(`/api/v1/markets/${symbol}`).expect(200)).body.status).toBe('TRADING');
    await expectPerpInvariants(t.url, admin.accessToken, db.url, 'AAPL-PERP', 'USD');
  });
});
