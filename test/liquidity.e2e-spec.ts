import { Client } from 'pg';
import { formatUnits, parseUnits } from '@lib/kernel';
import { MARKET_MAKER_ACCOUNT_ID } from '@lib/liquidity';
import request from 'supertest';
import { Account, bearer, login, register, uniqueEmail } from './support/accounts';
import { suiteDatabase, until } from './support/market';
import { placeOrder } from './support/orders';
import { TestApp, startTestApp } from './support/test-app';
import { balanceOf, deposit, reconcile } from './support/wallet';

jest.setTimeout(90_000);

type Depth = { bids: [string, string][]; asks: [string, string][] };

/**
 * The built-in liquidity on a database of its own (the bots and the price
 * feed run once per database, and the other suites need a quiet book): the
 * maker quotes every spot and perpetual market, a user's market buy fills
 * against it, the noise trader prints trades (perpetuals too), the maker's
 * perpetual position stays within MARKET_MAKER_MAX_POSITION, a halt empties
 * the market's book, a restart funds nothing twice, and the ledger stays
 * clean throughout.
 */
describe('liquidity: market maker and noise trader (e2e)', () => {
  const db = suiteDatabase('liquidity');
  const adminEmail = uniqueEmail('liquidity-admin');
  const adminPassword = 'admin passphrase for tests';
  const env = {
    ADMIN_EMAIL: adminEmail,
    ADMIN_PASSWORD: adminPassword,
    DATABASE_POOL_SIZE: '10',
    FEED_INTERVAL_MS: '200',
    MARKET_MAKER: 'true',
    MARKET_MAKER_REFRESH_MS: '150',
    // 2000 USDT: 0.021 BTC on BTC-PERP at 95000, about two of the maker's levels.
    MARKET_MAKER_MAX_POSITION: '2000',
    NOISE_TRADER: 'true',
    NOISE_TRADER_MIN_MS: '300',
    NOISE_TRADER_MAX_MS: '900',
  };
  let t: TestApp;
  let admin: Account;

  beforeAll(async () => {
    await db.enter();
    t = await startTestApp(env);
    admin = await login(t.url, adminEmail, adminPassword);
  });
  afterAll(async () => {
    await t?.close();
    await db.leave();
  });

  const depth = async (symbol: string): Promise<Depth> => (await request(t.url).get(`/api/v1/markets/${symbol}/orderbook?depth=50`).expect(200)).body;
  const markOf = async (symbol: string): Promise<string> => (await request(t.url).get(`/api/v1/markets/${symbol}/mark-price`).expect(200)).body.mark;
  const fullBook = (symbol: string, levels = 5) =>
    until(`a full ladder on ${symbol}`, async () => {
      const book = await depth(symbol);
      return book.bids.length >= levels && book.asks.length >= levels ? book : undefined;
    }, 20_000);
  const sql = async <T>(query: string): Promise<T[]> => {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      return (await client.query(query)).rows as T[];
    } finally {
      await client.end();
    }
  };

  it('quotes 5 levels a side on BTC-USDT, on the tick grid, inside the band, never crossed', async () => {
    const book = await fullBook('BTC-USDT');
    const mark = parseUnits(await markOf('BTC-USDT'), 1);
    const price = (level: [string, string]) => parseUnits(level[0], 1);
    for (const level of [...book.bids, ...book.asks]) {
      // Tick 0.1: exactly one decimal.
      expect(level[0]).toMatch(/^\d+\.\d$/);
      expect(BigInt(level[1].replace('.', ''))).toBeGreaterThan(0n);
      // Inside 5 % of the mark (the mark may have moved a little since the quote).
      const distance = price(level) > mark ? price(level) - mark : mark - price(level);
      expect(distance * 100n).toBeLessThan(mark * 5n);
    }
    expect(price(book.bids[0]!)).toBeLessThan(price(book.asks[0]!));
  });

  it('quotes the other spot markets too', async () => {
    for (const symbol of ['ETH-USDT', 'SOL-USDT', 'AAPL-USD']) await fullBook(symbol);
  });

  /**
   * The maker's position on a perpetual and its open bids and asks, quantity units (0.001 BTC on
   * BTC-PERP), read in one statement (one snapshot): whatever fills, position + bids and
   * asks - position stay within the bound.
   */
  const makerExposure = async (symbol: string): Promise<{ position: bigint; bids: bigint; asks: bigint }> => {
    const [row] = await sql<{ position: string; bids: string; asks: string }>(`
      SELECT (SELECT coalesce(sum(size), 0)::text FROM positions.positions WHERE user_id = '${MARKET_MAKER_ACCOUNT_ID}' AND symbol = '${symbol}') AS position,
             coalesce(sum(quantity - filled_quantity) FILTER (WHERE side = 'BUY'), 0)::text AS bids,
             coalesce(sum(quantity - filled_quantity) FILTER (WHERE side = 'SELL'), 0)::text AS asks
        FROM orders.orders WHERE user_id = '${MARKET_MAKER_ACCOUNT_ID}' AND symbol = '${symbol}' AND status IN ('NEW', 'PARTIALLY_FILLED')`);
    return { position: BigInt(row!.position), bids: BigInt(row!.bids), asks: BigInt(row!.asks) };
  };
  const withinBound = (e: { position: bigint; bids: bigint; asks: bigint }, bound: bigint): void => {
    // One unit of slack: the bound is a notional, its quantity moves with the mark.
    expect(e.position + e.bids).toBeLessThanOrEqual(bound + 1n);
    expect(e.asks - e.position).toBeLessThanOrEqual(bound + 1n);
  };
  const btcPerpBound = async (): Promise<bigint> => 2_000_000_000n / (parseUnits(await markOf('BTC-PERP'), 1) * 100n); // 2000 USDT / (mark x 0.001)

  it('quotes the perpetuals two-sided, and the noise trader trades them within seconds', async () => {
    const book = await until('a two-sided BTC-PERP book', async () => {
      const b = await depth('BTC-PERP');
      return b.bids.length > 0 && b.asks.length > 0 ? b : undefined;
    }, 20_000);
    expect(parseUnits(book.bids[0]![0], 1)).toBeLessThan(parseUnits(book.asks[0]![0], 1));
    withinBound(await makerExposure('BTC-PERP'), await btcPerpBound());
    for (const symbol of ['ETH-PERP', 'SOL-PERP']) {
      await until(`a two-sided ${symbol} book`, async () => {
        const b = await depth(symbol);
        return b.bids.length > 0 && b.asks.length > 0 ? true : undefined;
      }, 20_000);
    }
    await until('noise trades on BTC-PERP', async () => ((await request(t.url).get('/api/v1/markets/BTC-PERP/trades').expect(200)).body.length > 0 ? true : undefined), 15_000);
    // The bots trade from MARGIN, funded through the ledger.
    const margin = await sql<{ reference: string }>(`SELECT reference FROM wallet.ledger_transactions WHERE reference LIKE 'liquidity:%:fund-margin:USDT:%'`);
    expect(margin.length).toBeGreaterThanOrEqual(2);
  });

  it('keeps the maker\'s perpetual position within MARKET_MAKER_MAX_POSITION when a user takes all it shows', async () => {
    const user = await register(t.url);
    await deposit(t.url, user.accessToken, 'USDT', '10000');
    await request(t.url).post('/api/v1/wallet/transfers').set(bearer(user.accessToken)).send({ asset: 'USDT', amount: '10000', from: 'SPOT', to: 'MARGIN' }).expect(201);
    await until('BTC-PERP asks', async () => ((await depth('BTC-PERP')).asks.length > 0 ? true : undefined), 20_000);
    // More than the bound: the maker sells what it shows and no more.
    const buy = await placeOrder(t.url, user.accessToken, { symbol: 'BTC-PERP', side: 'BUY', type: 'MARKET', quantity: '0.050' });
    expect(buy.status).toBe(201);
    expect(parseUnits(buy.body.filledQuantity, 3)).toBeGreaterThan(0n);
    const bound = await btcPerpBound();
    expect(parseUnits(buy.body.filledQuantity, 3)).toBeLessThanOrEqual(2n * bound + 1n);
    for (let i = 0; i < 10; i++) {
      const exposure = await makerExposure('BTC-PERP');
      withinBound(exposure, bound);
      expect(exposure.position >= -bound - 1n).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    // The ledger stays clean.
    const report = await reconcile(t.url, admin.accessToken);
    expect(report).toMatchObject({ ok: true, mismatchedAccounts: [], negativeBalances: [] });
  });

  it('fills a user\'s market buy against the maker, exactly, and the ledger stays clean', async () => {
    await fullBook('BTC-USDT');
    const user = await register(t.url);
    await deposit(t.url, user.accessToken, 'USDT', '10000');
    const buy = await placeOrder(t.url, user.accessToken, { symbol: 'BTC-USDT', side: 'BUY', type: 'MARKET', quantity: '0.01' }).expect(201);
    expect(buy.body).toMatchObject({ status: 'FILLED', filledQuantity: '0.01000' });
    expect(buy.body.fills.length).toBeGreaterThan(0);
    expect(buy.body.fills.every((f: { liquidity: string }) => f.liquidity === 'TAKER')).toBe(true);
    const spent = parseUnits(buy.body.filledQuote, 6) + parseUnits(buy.body.fee, 6);
    expect((await balanceOf(t.url, user.accessToken, 'USDT')).spot).toEqual({ available: formatUnits(10_000_000_000n - spent, 6), locked: '0.000000', total: formatUnits(10_000_000_000n - spent, 6) });
    expect((await balanceOf(t.url, user.accessToken, 'BTC')).spot).toEqual({ available: '0.01000000', locked: '0.00000000', total: '0.01000000' });
    // The maker refills the level it sold from.
    await fullBook('BTC-USDT');
    const report = await reconcile(t.url, admin.accessToken);
    expect(report).toMatchObject({ ok: true, mismatchedAccounts: [], negativeBalances: [] });
  });

  it('prints noise trades on the tape', async () => {
    const trades = await until('noise trades on BTC-USDT', async () => {
      const tape = (await request(t.url).get('/api/v1/markets/BTC-USDT/trades?limit=100').expect(200)).body as { takerSide: string }[];
      return tape.length >= 3 ? tape : undefined;
    }, 30_000);
    expect(trades[0]).toMatchObject({ symbol: 'BTC-USDT', price: expect.stringMatching(/^\d+\.\d$/) });
    await until('noise trades on ETH-USDT', async () => ((await request(t.url).get('/api/v1/markets/ETH-USDT/trades').expect(200)).body.length > 0 ? true : undefined), 30_000);
  });

  it('cancels its orders on a halted market and quotes again when it trades again', async () => {
    await fullBook('SOL-USDT');
    const patch = (status: string) => request(t.url).patch('/api/v1/admin/markets/SOL-USDT').set(bearer(admin.accessToken)).send({ status }).expect(200);
    await patch('HALTED');
    await until('an empty SOL-USDT book', async () => {
      const book = await depth('SOL-USDT');
      return book.bids.length === 0 && book.asks.length === 0 ? true : undefined;
    });
    await patch('TRADING');
    await fullBook('SOL-USDT');
  });

  it('funds each bot once per asset: a restart posts no second funding, and the ledger stays clean', async () => {
    const fundings = () => sql<{ reference: string }>(`SELECT reference FROM wallet.ledger_transactions WHERE reference LIKE 'liquidity:%' ORDER BY reference`);
    await t.close();
    const before = await fundings();
    expect(before.map((r) => r.reference)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^liquidity:market-maker:fund:BTC:\d{4}-\d\d-\d\d:0$/), expect.stringMatching(/^liquidity:noise-trader:fund:USDT:\d{4}-\d\d-\d\d:0$/)]),
    );
    // A clean shutdown of the leader leaves no maker order behind.
    const open = await sql<{ n: string }>(`SELECT count(*) AS n FROM orders.orders WHERE user_id = '${MARKET_MAKER_ACCOUNT_ID}' AND status IN ('NEW', 'PARTIALLY_FILLED')`);
    expect(open[0]!.n).toBe('0');

    t = await startTestApp(env);
    admin = await login(t.url, adminEmail, adminPassword);
    await fullBook('BTC-USDT');
    expect(await fundings()).toEqual(before);
    expect((await reconcile(t.url, admin.accessToken)).ok).toBe(true);
  });
});
