import request from 'supertest';
import { Account, bearer, register } from './support/accounts';
import { suiteDatabase, until } from './support/market';
import { TestApp, startTestApp } from './support/test-app';

jest.setTimeout(60_000);

interface Ticker { index: string | null; mark: string | null; change24h: string | null; updatedAt: string | null }
interface List { id: string; name: string; position: number; symbols: { symbol: string; ticker: Ticker | null }[] }

/** Watchlists end to end (docs/watchlists.md): on the seeded catalog, priced by the feed. */
describe('watchlists (e2e)', () => {
  const db = suiteDatabase('watchlists');
  let t: TestApp;
  let alice: Account;
  let bob: Account;

  beforeAll(async () => {
    await db.enter();
    t = await startTestApp({ FEED_ENABLED: 'true', FEED_INTERVAL_MS: '100', LEADER_RETRY_MS: '200' });
    [alice, bob] = [await register(t.url), await register(t.url)];
  });
  afterAll(async () => {
    await t?.close();
    await db.leave();
  });

  const api = (user: Account | undefined) => {
    const auth = (r: request.Test) => (user ? r.set(bearer(user.accessToken)) : r);
    return {
      create: (body: unknown) => auth(request(t.url).post('/api/v1/watchlists').send(body as object)),
      list: () => auth(request(t.url).get('/api/v1/watchlists')),
      get: (id: string) => auth(request(t.url).get(`/api/v1/watchlists/${id}`)),
      patch: (id: string, body: unknown) => auth(request(t.url).patch(`/api/v1/watchlists/${id}`).send(body as object)),
      remove: (id: string) => auth(request(t.url).delete(`/api/v1/watchlists/${id}`)),
    };
  };
  const names = async (user: Account) => ((await api(user).list().expect(200)).body as List[]).map((l) => `${l.position}:${l.name}`);
  const symbolsOf = (l: List) => l.symbols.map((s) => s.symbol);

  it('creates, lists with live tickers, renames, replaces symbols, reorders and deletes', async () => {
    const user = await register(t.url);
    const majors = (await api(user).create({ name: ' Majors ', symbols: ['BTC-USDT', 'ETH-USDT', 'BTC-PERP'] }).expect(201)).body as List;
    expect(majors).toMatchObject({ name: 'Majors', position: 0 });
    expect(symbolsOf(majors)).toEqual(['BTC-USDT', 'ETH-USDT', 'BTC-PERP']);
    const stocks = (await api(user).create({ name: 'Stocks', symbols: ['AAPL-USD'] }).expect(201)).body as List;
    const empty = (await api(user).create({ name: 'Empty' }).expect(201)).body as List;
    expect([stocks.position, empty.position, empty.symbols]).toEqual([1, 2, []]);

    // Every symbol answered with its market's ticker, once the feed has priced it.
    const priced = await until('tickers priced', async () => {
      const [first] = (await api(user).list().expect(200)).body as List[];
      return first!.symbols.every((s) => s.ticker?.mark) ? first : undefined;
    });
    for (const { ticker } of priced.symbols) expect(ticker).toMatchObject({ index: expect.stringMatching(/^\d+(\.\d+)?$/), mark: expect.stringMatching(/^\d+(\.\d+)?$/) });
    expect(symbolsOf((await api(user).get(majors.id).expect(200)).body)).toEqual(['BTC-USDT', 'ETH-USDT', 'BTC-PERP']);

    const renamed = (await api(user).patch(majors.id, { name: 'Crypto', symbols: ['SOL-USDT', 'BTC-USDT'] }).expect(200)).body as List;
    expect([renamed.name, renamed.position, symbolsOf(renamed)]).toEqual(['Crypto', 0, ['SOL-USDT', 'BTC-USDT']]);
    expect((await api(user).patch(empty.id, { position: 0 }).expect(200)).body).toMatchObject({ position: 0, name: 'Empty' });
    expect(await names(user)).toEqual(['0:Empty', '1:Crypto', '2:Stocks']);
    // Its own name in another case is no clash; another list's is.
    await api(user).patch(stocks.id, { name: 'STOCKS' }).expect(200);
    expect((await api(user).patch(stocks.id, { name: 'crypto' }).expect(409)).body).toMatchObject({ code: 'WATCHLIST_NAME_TAKEN' });
    expect((await api(user).create({ name: 'EMPTY' }).expect(409)).body).toMatchObject({ code: 'WATCHLIST_NAME_TAKEN' });

    await api(user).remove(renamed.id).expect(204);
    expect(await names(user)).toEqual(['0:Empty', '1:STOCKS']);
    expect((await api(user).get(renamed.id).expect(404)).body).toMatchObject({ code: 'WATCHLIST_NOT_FOUND' });
  });

  it("answers 404 WATCHLIST_NOT_FOUND for another user's list, on GET, PATCH and DELETE, and leaves it alone", async () => {
    const own = (await api(alice).create({ name: 'Private', symbols: ['ETH-PERP'] }).expect(201)).body as List;
    for (const res of [await api(bob).get(own.id), await api(bob).patch(own.id, { name: 'Mine now' }), await api(bob).remove(own.id)]) {
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ code: 'WATCHLIST_NOT_FOUND', status: 404 });
    }
    expect((await api(bob).list().expect(200)).body).toEqual([]);
    expect((await api(alice).get(own.id).expect(200)).body).toMatchObject({ name: 'Private' });
    // A malformed id names no list either.
    expect((await api(alice).get('not-a-uuid').expect(404)).body).toMatchObject({ code: 'WATCHLIST_NOT_FOUND' });
  });

  it('refuses a 21st list and a 101st symbol with the limit in the problem', async () => {
    const user = await register(t.url);
    for (let i = 0; i < 20; i++) await api(user).create({ name: `List ${i}` }).expect(201);
    expect((await api(user).create({ name: 'One more' }).expect(422)).body).toMatchObject({ code: 'WATCHLIST_LIMIT', limit: 20 });
    expect(await names(user)).toHaveLength(20);

    const catalog = ((await request(t.url).get('/api/v1/markets').expect(200)).body as { symbol: string }[]).map((m) => m.symbol);
    // The catalog has fewer than 101 markets: the limit is checked before the symbols are.
    const many = Array.from({ length: 101 }, (_, i) => catalog[i] ?? `X${i}-USD`);
    const [first] = (await api(user).list().expect(200)).body as List[];
    const res = await api(user).patch(first!.id, { symbols: many }).expect(422);
    expect(res.body).toMatchObject({ code: 'WATCHLIST_SYMBOLS_LIMIT', limit: 100 });
    expect((await api(alice).create({ name: 'Too many', symbols: many }).expect(422)).body).toMatchObject({ code: 'WATCHLIST_SYMBOLS_LIMIT', limit: 100 });
  });

  it('refuses unknown and duplicate symbols, naming them', async () => {
    expect((await api(alice).create({ name: 'Bad', symbols: ['BTC-USDT', 'DOGE-USDT'] }).expect(422)).body).toMatchObject({ code: 'UNKNOWN_SYMBOL', symbol: 'DOGE-USDT' });
    expect((await api(alice).create({ name: 'Bad', symbols: ['BTC-USDT', 'BTC-USDT'] }).expect(400)).body).toMatchObject({ code: 'DUPLICATE_SYMBOL', symbol: 'BTC-USDT' });
    expect((await api(alice).list().expect(200)).body.map((l: List) => l.name)).not.toContain('Bad');
  });

  it('answers bad bodies 400 with problem details', async () => {
    const own = (await api(alice).create({ name: 'Bodies' }).expect(201)).body as List;
    const bad: [() => request.Test, string][] = [
      [() => api(alice).create({}), 'VALIDATION_FAILED'],
      [() => api(alice).create({ name: 42 }), 'VALIDATION_FAILED'],
      [() => api(alice).create({ name: 'x', symbols: 'BTC-USDT' }), 'VALIDATION_FAILED'],
      [() => api(alice).create({ name: 'x', symbols: [1] }), 'VALIDATION_FAILED'],
      [() => api(alice).create({ name: '   ' }), 'INVALID_WATCHLIST_NAME'],
      [() => api(alice).create({ name: 'x'.repeat(65) }), 'INVALID_WATCHLIST_NAME'],
      [() => api(alice).patch(own.id, { position: -1 }), 'VALIDATION_FAILED'],
      [() => api(alice).patch(own.id, { position: 1.5 }), 'VALIDATION_FAILED'],
      [() => api(alice).patch(own.id, { position: 19 }), 'INVALID_POSITION'],
    ];
    for (const [send, code] of bad) {
      const res = await send();
      expect({ status: res.status, code: res.body.code, type: res.headers['content-type'] }).toEqual({ status: 400, code, type: expect.stringContaining('application/problem+json') });
    }
  });

  it('answers 401 without a token', async () => {
    for (const res of [await api(undefined).list(), await api(undefined).create({ name: 'x' }), await api(undefined).remove('0b8e8f7e-3c1d-4f7a-9a51-2a4d1f6f0c11')]) {
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ code: 'UNAUTHENTICATED' });
    }
  });
});
