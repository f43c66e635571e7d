import request from 'supertest';
import { Account, bearer, login, register, uniqueEmail } from './support/accounts';
import { suiteDatabase, until } from './support/market';
import { wholeMark } from './support/orders';
import { TestApp, startTestApp } from './support/test-app';
import { createPerpMarket } from './support/perp-market';

describe('admin price shock (e2e)', () => {
  let t: TestApp;
  let admin: Account;
  const adminEmail = uniqueEmail('shock-admin');
  const SYMBOL = 'AAPL-PERP';
  const db = suiteDatabase('price_shock');

  beforeAll(async () => {
    await db.enter();
    t = await startTestApp({ FEED_ENABLED: 'true', FEED_INTERVAL_MS: '200', ADMIN_EMAIL: adminEmail, ADMIN_PASSWORD: 'admin passphrase for tests' });
    admin = await login(t.url, adminEmail, 'admin passphrase for tests');
    await createPerpMarket(t.url, admin.accessToken, { minQuantity: '0.05', initialPrice: '100' });
    expect(await wholeMark(t.url, SYMBOL)).toBe(230n);
  });
  afterAll(async () => {
    await t?.close();
    await db.leave();
  });

  const mark = async (symbol: string): Promise<string> => (await request(t.url).get(`/api/v1/markets/${symbol}/mark-price`).expect(200)).body.mark as string;

  it('moves the mark of the market and of its underlying at the next ticks, and the walk goes on from there', async () => {
    const res = await request(t.url).post(`/api/v1/admin/markets/${SYMBOL}/price`).set(bearer(admin.accessToken)).send({ price: '250' }).expect(202);
    expect(res.body).toMatchObject({ symbol: SYMBOL, price: '250', previousMark: '230' });
    await until('the shocked mark', async () => ((await mark(SYMBOL)) === '250' ? true : undefined), 3_000);
    expect(BigInt((await mark('AAPL-USD')).split('.')[0]!)).toBe(250n); // the spot market shares the walk
    const seq = (await request(t.url).get(`/api/v1/markets/${SYMBOL}/mark-price`).expect(200)).body.seq as number;
    await until('later ticks', async () => ((await request(t.url).get(`/api/v1/markets/${SYMBOL}/mark-price`)).body.seq > seq + 2 ? true : undefined), 3_000);
    expect(await mark(SYMBOL)).toBe('250'); // volatility 0.000001: the walk stays at its new price
    const audit = await request(t.url).get(`/api/v1/admin/markets/audit?symbol=${SYMBOL}`).set(bearer(admin.accessToken)).expect(200);
    expect(audit.body[0]).toMatchObject({ action: 'PRICE_SHOCK', symbol: SYMBOL, adminId: admin.id, details: { from: '230', to: '250' } });
  });

  it('is for admins only', async () => {
    const user = await register(t.url);
    await request(t.url).post(`/api/v1/admin/markets/${SYMBOL}/price`).set(bearer(user.accessToken)).send({ price: '240' }).expect(403);
  });

  it('refuses a price off the tick grid, not positive or not a decimal string, and an unknown market', async () => {
    for (const price of ['250.5', '0', '-5', 'abc']) {
      const res = await request(t.url).post(`/api/v1/admin/markets/${SYMBOL}/price`).set(bearer(admin.accessToken)).send({ price }).expect(400);
      expect(res.body).toMatchObject({ code: 'INVALID_MARKET_SPEC', status: 400 });
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    await request(t.url).post(`/api/v1/admin/markets/${SYMBOL}/price`).set(bearer(admin.accessToken)).send({ price: 250 }).expect(400);
    await request(t.url).post('/api/v1/admin/markets/NOPE-PERP/price').set(bearer(admin.accessToken)).send({ price: '1' }).expect(404);
    expect(await mark(SYMBOL)).toBe('250');
  });
});
