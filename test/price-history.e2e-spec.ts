import request from 'supertest';
import { Account, bearer, login, register, uniqueEmail } from './support/accounts';
import { suiteDatabase } from './support/market';
import { TestApp, startTestApp } from './support/test-app';

interface Candle {
  openTime: string;
  closeTime: string;
  open: string;
  high: string;
  low: string;
  close: string;
  origin: 'SYNTHETIC' | 'LIVE' | 'IMPORTED';
}

const HOUR = 3_600_000;
const MINUTE = 60_000;

/**
 * GET /markets/:symbol/history on a fresh install (the feed off: no live
 * candle, so the synthetic walk ends at each market's creation minute) and
 * the admin's CSV import, on a database of this suite's own.
 */
describe('price history (e2e)', () => {
  let t: TestApp;
  let admin: Account;
  const adminEmail = uniqueEmail('history-admin');
  const db = suiteDatabase('price_history');
  // Two days back, on a whole hour: inside the synthetic year, well before the history start.
  const hourStart = Math.floor(Date.now() / HOUR) * HOUR - 48 * HOUR;
  const iso = (ms: number) => new Date(ms).toISOString();

  beforeAll(async () => {
    await db.enter();
    t = await startTestApp({ FEED_ENABLED: 'false', ADMIN_EMAIL: adminEmail, ADMIN_PASSWORD: 'admin passphrase for tests' });
    admin = await login(t.url, adminEmail, 'admin passphrase for tests');
  });
  afterAll(async () => {
    await t?.close();
    await db.leave();
  });

  const history = async (symbol: string, query: string): Promise<{ symbol: string; interval: string; candles: Candle[]; note?: string }> =>
    (await request(t.url).get(`/api/v1/markets/${symbol}/history?${query}`).expect(200)).body;
  const importCsv = (csv: string, token = admin.accessToken, query = '') =>
    request(t.url).post(`/api/v1/admin/markets/BTC-USDT/candles/import${query}`).set(bearer(token)).set('content-type', 'text/csv').send(csv);

  it('answers the synthetic history of a fresh market, public, ending at its feed start price, with a note', async () => {
    const body = await history('btc-usdt', 'interval=1h&limit=48');
    expect(body.symbol).toBe('BTC-USDT');
    expect(body.note).toMatch(/SYNTHETIC .* seeded random walk/);
    expect(body.candles.length).toBeGreaterThanOrEqual(47);
    expect(body.candles.every((c) => c.origin === 'SYNTHETIC')).toBe(true);
    for (const c of body.candles) for (const p of [c.open, c.high, c.low, c.close]) expect(p).toMatch(/^\d+\.\d$/); // BTC-USDT: 1 decimal
    const times = body.candles.map((c) => Date.parse(c.openTime));
    expect(times.every((time, i) => time % HOUR === 0 && (i === 0 || time === times[i - 1]! + HOUR))).toBe(true);
    expect(body.candles[body.candles.length - 1]!.close).toBe('95000.0');
    expect(body.candles[0]!.closeTime).toBe(iso(times[0]! + HOUR - 1));
    // BTC-PERP walks with BTC-USDT (same underlying); ETH has its own walk.
    const perp = await history('BTC-PERP', 'interval=1h&limit=48');
    expect(perp.candles.map((c) => c.close)).toEqual(body.candles.map((c) => c.close));
    const eth = await history('ETH-USDT', 'interval=1h&limit=48');
    expect(eth.candles[eth.candles.length - 1]!.close).toBe('3400.00');
    // The same request, the same numbers (seeded, computed on read).
    expect((await history('BTC-USDT', 'interval=1h&limit=48')).candles).toEqual(body.candles);
  });

  it('refuses a bad interval, a reversed or too large range, and an unknown market', async () => {
    const bad = async (query: string, status: number, code: string) => {
      const res = await request(t.url).get(`/api/v1/markets/BTC-USDT/history?${query}`).expect(status);
      expect(res.body).toMatchObject({ code, status });
      expect(res.headers['content-type']).toContain('application/problem+json');
    };
    await bad('interval=2h', 400, 'VALIDATION_FAILED');
    await bad('limit=1001', 400, 'VALIDATION_FAILED');
    await bad(`interval=1m&from=${hourStart}&to=${hourStart - 1}`, 400, 'INVALID_TIME_RANGE');
    await bad(`interval=1m&from=0&to=${600_000 * MINUTE}`, 400, 'HISTORY_RANGE_TOO_LARGE');
    await request(t.url).get('/api/v1/markets/NOPE-USDT/history').expect(404);
  });

  it('imports an admin\'s CSV: the candles read back as IMPORTED (1m, and rolled up into 1h), a re-import replaces, audited', async () => {
    const csv = [
      'openTime,open,high,low,close,volume',
      `${iso(hourStart)},90000.0,90010.5,89990.0,90005.0,1.5`,
      `${hourStart + MINUTE},90005.0,90020.0,90000.0,90015.5,`,
      `${iso(hourStart + 2 * MINUTE)},90015.5,90016.0,89950.0,89960.0,0.25`,
    ].join('\n');
    const res = await importCsv(csv).expect(200);
    expect(res.body).toMatchObject({ symbol: 'BTC-USDT', interval: '1m', candles: 3, replaced: 0, from: iso(hourStart), to: iso(hourStart + 2 * MINUTE) });
    expect(res.body.sha256).toMatch(/^[0-9a-f]{64}$/);

    const minutes = await history('BTC-USDT', `interval=1m&from=${hourStart - MINUTE}&to=${hourStart + 3 * MINUTE}`);
    expect(minutes.candles.map((c) => [c.origin, c.open, c.high, c.low, c.close])).toEqual([
      ['SYNTHETIC', expect.any(String), expect.any(String), expect.any(String), expect.any(String)],
      ['IMPORTED', '90000.0', '90010.5', '89990.0', '90005.0'],
      ['IMPORTED', '90005.0', '90020.0', '90000.0', '90015.5'],
      ['IMPORTED', '90015.5', '90016.0', '89950.0', '89960.0'],
      ['SYNTHETIC', expect.any(String), expect.any(String), expect.any(String), expect.any(String)],
    ]);
    const hour = await history('BTC-USDT', `interval=1h&from=${hourStart}&to=${hourStart}`);
    expect(hour.candles).toEqual([{ openTime: iso(hourStart), closeTime: iso(hourStart + HOUR - 1), open: '90000.0', high: '90020.0', low: '89950.0', close: '89960.0', origin: 'IMPORTED' }]);
    expect(hour.note).toBeUndefined(); // nothing synthetic in this answer

    const again = await importCsv(`openTime,open,high,low,close\n${hourStart + 2 * MINUTE},89000.0,89000.0,89000.0,89000.0\n`).expect(200);
    expect(again.body).toMatchObject({ candles: 1, replaced: 1 });
    expect((await history('BTC-USDT', `interval=1m&from=${hourStart + 2 * MINUTE}&to=${hourStart + 2 * MINUTE}`)).candles[0]).toMatchObject({ close: '89000.0', origin: 'IMPORTED' });

    const audit = (await request(t.url).get('/api/v1/admin/markets/audit?symbol=BTC-USDT').set(bearer(admin.accessToken)).expect(200)).body;
    expect(audit.slice(0, 2).map((e: { action: string; details: { importId: string } }) => [e.action, e.details.importId])).toEqual([
      ['CANDLES_IMPORTED', again.body.importId],
      ['CANDLES_IMPORTED', res.body.importId],
    ]);
    expect(audit[1]).toMatchObject({ adminId: admin.id, details: { candles: 3, sha256: res.body.sha256 } });
    const chain = (await request(t.url).get('/api/v1/admin/audit?action=CANDLES_IMPORTED').set(bearer(admin.accessToken)).expect(200)).body;
    expect(chain.items).toHaveLength(2);
    expect(chain.items[0]).toMatchObject({ actorId: admin.id, target: 'market:BTC-USDT' });
  });

  it('refuses a bad file whole (400 with the bad lines) and writes nothing', async () => {
    const at = hourStart + 10 * MINUTE;
    const csv = [
      'openTime,open,high,low,close',
      `${at},90000.0,90010.0,89990.0,90005.0`, // fine, yet not written
      `${at + 30_000},90000.0,90010.0,89990.0,90005.0`, // misaligned
      `${at + MINUTE},90000.05,90010.0,89990.0,90005.0`, // 2 decimals at scale 1
      `${at + 2 * MINUTE},90000.0,89000.0,89990.0,90005.0`, // high below open
      `${at},90000.0,90010.0,89990.0,90005.0`, // duplicate of line 2
    ].join('\n');
    const res = await importCsv(csv).expect(400);
    expect(res.body).toMatchObject({ code: 'INVALID_CANDLE_IMPORT', rows: 5, invalidRows: 4 });
    expect(res.body.problems.map((p: { line: number; reason: string }) => [p.line, p.reason])).toEqual([
      [3, 'MISALIGNED'],
      [4, 'TOO_MANY_DECIMALS'],
      [5, 'OHLC_INCONSISTENT'],
      [6, 'DUPLICATE'],
    ]);
    const read = await history('BTC-USDT', `interval=1m&from=${at}&to=${at + 2 * MINUTE}`);
    expect(read.candles.map((c) => c.origin)).toEqual(['SYNTHETIC', 'SYNTHETIC', 'SYNTHETIC']);
    await importCsv('time,open\n1,2').expect(400);
    await importCsv(`openTime,open,high,low,close\n${at},1.0,1.0,1.0,1.0`, admin.accessToken, '?interval=1d').expect(400); // not a day start
  });

  it('is for admins, takes text/csv only on that route, and bounds the file', async () => {
    const user = await register(t.url);
    await importCsv(`openTime,open,high,low,close\n${hourStart},1.0,1.0,1.0,1.0`, user.accessToken).expect(403);
    await request(t.url).post('/api/v1/admin/markets/BTC-USDT/candles/import').set(bearer(admin.accessToken)).send({ csv: 'x' }).expect(415);
    const elsewhere = await request(t.url).post('/api/v1/orders').set(bearer(user.accessToken)).set('content-type', 'text/csv').send('a,b\n1,2').expect(415);
    expect(elsewhere.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const huge = `openTime,open,high,low,close\n${`${hourStart},1.0,1.0,1.0,1.0\n`.repeat(400_000)}`; // ~12 MB
    expect((await importCsv(huge).expect(413)).body.code).toBe('PAYLOAD_TOO_LARGE');
  });
});
