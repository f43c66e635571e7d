import request from 'supertest';
import { Client } from 'pg';
import { Socket, io } from 'socket.io-client';
import { QueryBus } from '@nestjs/cqrs';
import { GetInstrumentQuery } from '@lib/market';
import { FundingJob, FundingSettler, lastFundingTime } from '@lib/risk';
import { Account, bearer, login, register, uniqueEmail } from './support/accounts';
import { suiteDatabase } from './support/market';
import { placeOrder, wholeMark } from './support/orders';
import { TestApp, startTestApp } from './support/test-app';
import { balanceOf, deposit, reconcile, waitFor } from './support/wallet';
import { createPerpMarket, toMargin } from './support/perp-market';
import { AppProcess, buildApp, startAppProcess } from './support/app-process';

/**
 * Funding end to end (docs/risk.md, "Funding"), every amount exact, on
 * AAPL-PERP (USD, 2 decimals; the feed marks it at 230 and does not move it).
 * FUNDING_INTEREST_RATE 0.0003 and no premium sample of the market: each
 * interval's rate is 0.0003 (the interest, within the 0.05 % clamp). The job
 * and the sampler do not run here (FUNDING_ENABLED=false, the test apps'
 * default): the test drives the funding times through the job's settler (the
 * FUND command in the market's turn) and the job's round.
 *
 * Then a second instance (a child process) whose job catches up the
 * missed times while this one's are refused: every time is paid once.
 *
 * Alice: CROSS long 2 at 230; Bob: ISOLATED short 2 at 230, leverage 5.
 * One funding time: |2| x 230 x 0.0003 = 0.138: Alice pays 0.14 (rounded
 * up), Bob receives 0.13 (down), 0.01 to the INSURANCE_FUND.
 */
describe('funding: a funding time paid once, on the ledger, the socket and GET /funding (e2e)', () => {
  let t: TestApp;
  let admin: Account;
  let alice: Account;
  let bob: Account;
  let aliceSocket: Socket;
  const fundings: { seq: number; funding: Record<string, string> }[] = [];
  const adminEmail = uniqueEmail('funding-admin');
  const SYMBOL = 'AAPL-PERP';
  const INTERVAL = 8 * 3_600_000;
  const db = suiteDatabase('funding');
  // Five intervals before the latest due funding time: the test settles T .. T + 3, a second instance T + 4 and T + 5.
  const T = new Date(lastFundingTime(new Date(), INTERVAL).getTime() - 5 * INTERVAL);
  const at = (k: number) => new Date(T.getTime() + k * INTERVAL);
  const FUNDING_ENV = { FUNDING_INTERVAL: '8h', FUNDING_INTEREST_RATE: '0.0003', FUNDING_SAMPLE_MS: '3600000' };
  let build: string;
  let second: AppProcess | undefined;

  beforeAll(async () => {
    build = buildApp('funding');
    await db.enter();
    t = await startTestApp({
      FEED_ENABLED: 'true',
      FEED_INTERVAL_MS: '200',
      MARKET_MAKER: 'false',
      NOISE_TRADER: 'false',
      ...FUNDING_ENV,
      ADMIN_EMAIL: adminEmail,
      ADMIN_PASSWORD: 'admin passphrase for tests',
    });
    admin = await login(t.url, adminEmail, 'admin passphrase for tests');
    await createPerpMarket(t.url, admin.accessToken);
    expect(await wholeMark(t.url, SYMBOL)).toBe(230n);
    [alice, bob] = [await trader(), await trader()];
    aliceSocket = io(`${t.url}/user`, { transports: ['websocket'], reconnection: false, forceNew: true, auth: { token: alice.accessToken } });
    aliceSocket.on('funding', (m: { seq: number; funding: Record<string, string> }) => fundings.push(m));
    await new Promise<void>((resolve, reject) => {
      aliceSocket.once('connect', () => resolve());
      aliceSocket.once('connect_error', reject);
    });
  });
  afterAll(async () => {
    second?.child.kill('SIGKILL');
    aliceSocket?.close();
    await t?.close();
    await db.leave();
  });
  afterEach(async () => {
    const report = await reconcile(t.url, admin.accessToken);
    expect({ ok: report.ok, negative: report.negativeBalances }).toEqual({ ok: true, negative: [] });
  });

  async function trader(): Promise<Account> {
    const user = await register(t.url);
    await deposit(t.url, user.accessToken, 'USD', '1000');
    await toMargin(t.url, user.accessToken, 'USD', '1000');
    return user;
  }
  const margin = async (user: Account) => {
    const { available, locked } = (await balanceOf(t.url, user.accessToken, 'USD')).margin;
    return { available, locked };
  };
  const position = async (user: Account) => (await request(t.url).get(`/api/v1/positions/${SYMBOL}`).set(bearer(user.accessToken)).expect(200)).body;
  const post = (user: Account, path: string, body: Record<string, unknown>) => request(t.url).post(`/api/v1/positions/${SYMBOL}/${path}`).set(bearer(user.accessToken)).send(body);
  const settle = async (time: Date) => {
    const spec = await t.app.get(QueryBus).execute(new GetInstrumentQuery(SYMBOL));
    return t.app.get(FundingSettler).settle(spec, time);
  };
  async function sql(text: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      return (await client.query(text, params)).rows;
    } finally {
      await client.end();
    }
  }
  const insuranceFund = async () => (await sql(`SELECT COALESCE(sum(available), 0)::text AS v FROM wallet.accounts WHERE kind = 'INSURANCE_FUND' AND asset = 'USD'`))[0]!.v;

  it('opens the positions: Alice CROSS long 2, Bob ISOLATED short 2 with 92.46 of margin', async () => {
    await post(bob, 'margin-mode', { mode: 'ISOLATED' }).expect(200);
    await post(bob, 'leverage', { leverage: 5 }).expect(200);
    await placeOrder(t.url, bob.accessToken, { symbol: SYMBOL, side: 'SELL', type: 'LIMIT', quantity: '2', price: '230' } as never).expect(201);
    await placeOrder(t.url, alice.accessToken, { symbol: SYMBOL, side: 'BUY', type: 'LIMIT', quantity: '2', price: '230' } as never).expect(201);
    expect(await margin(alice)).toEqual({ available: '999.08', locked: '0.00' });
    expect(await margin(bob)).toEqual({ available: '907.08', locked: '92.46' });
    expect(await insuranceFund()).toBe('0');
  });

  it('settles a funding time: Alice pays 0.14, Bob receives 0.13 into his isolated margin, 0.01 to the fund', async () => {
    const result = await settle(T);
    expect(result.kind).toBe('settled');
    expect(await margin(alice)).toEqual({ available: '998.94', locked: '0.00' });
    expect(await margin(bob)).toEqual({ available: '907.08', locked: '92.59' });
    expect((await position(bob)).isolatedMargin).toBe('92.59');
    expect(await insuranceFund()).toBe('1');
    const message = await waitFor(async () => fundings[0]);
    expect(message.funding).toEqual({
      symbol: SYMBOL,
      asset: 'USD',
      fundingTime: T.toISOString(),
      rate: '0.00030000',
      mark: '230',
      size: '2.00',
      amount: '-0.14',
      marginMode: 'CROSS',
    });
    // Missed while disconnected: `resume` gives it back.
    const resumed = await aliceSocket.timeout(5000).emitWithAck('resume', { since: message.seq - 1 });
    expect(resumed.events.find((e: { event: string }) => e.event === 'funding')).toEqual({ event: 'funding', ...message });
  });

  it('pays a funding time once: a repeat, and two at once, are refused by its record, never paid again', async () => {
    expect(await settle(T)).toEqual({ kind: 'already' });
    const next = new Date(T.getTime() + INTERVAL);
    const both = await Promise.all([settle(next), settle(next)]);
    expect(both.map((r) => r.kind).sort()).toEqual(['already', 'settled']);
    // One more payment only (the second funding time): 0.14 more from Alice, 0.13 more to Bob, 0.01 more to the fund.
    expect(await margin(alice)).toEqual({ available: '998.80', locked: '0.00' });
    expect(await margin(bob)).toEqual({ available: '907.08', locked: '92.72' });
    expect(await insuranceFund()).toBe('2');
    // The job finds nothing due up to the second funding time, and only what follows it later.
    const job = t.app.get(FundingJob);
    expect(await job.dueTimes(SYMBOL, next)).toEqual([]);
    expect(await job.dueTimes(SYMBOL, new Date(next.getTime() + 5 * INTERVAL))).toHaveLength(3);
  });

  it('the job catches up the funding times after the latest recorded one, each once', async () => {
    const job = t.app.get(FundingJob);
    // Two intervals after the latest recorded (T + 1): the job settles T + 2 and T + 3, oldest first.
    const due = new Date(T.getTime() + 3 * INTERVAL);
    await job.round(due);
    await job.round(due);
    expect(await settle(due)).toEqual({ kind: 'already' });
    expect(await margin(alice)).toEqual({ available: '998.52', locked: '0.00' });
    expect(await margin(bob)).toEqual({ available: '907.08', locked: '92.98' });
    expect(await insuranceFund()).toBe('4');
    await waitFor(async () => (fundings.length === 4 ? true : undefined));
    expect(fundings.map((m) => [m.funding.fundingTime, m.funding.amount])).toEqual([0, 1, 2, 3].map((k) => [new Date(T.getTime() + k * INTERVAL).toISOString(), '-0.14']));
  });

  it('a second instance: its job catches up T + 4 and T + 5; this instance settling them again pays nothing', async () => {
    const recorded = async () => (await sql(`SELECT funding_time FROM risk.funding_rates WHERE symbol = $1 ORDER BY funding_time`, [SYMBOL])).map((r) => (r.funding_time as Date).toISOString());
    // This instance runs no funding job: the second one's takes risk.funding at once and settles what is due after T + 3.
    second = await startAppProcess(build, { DATABASE_URL: db.url, FEED_ENABLED: 'true', MARKET_MAKER: 'false', NOISE_TRADER: 'false', FUNDING_ENABLED: 'true', ...FUNDING_ENV });
    await waitFor(async () => ((await recorded()).length === 6 ? true : undefined), 20_000);
    expect(await recorded()).toEqual([0, 1, 2, 3, 4, 5].map((k) => at(k).toISOString()));
    expect(await Promise.all([settle(at(4)), settle(at(5)), settle(at(5))])).toEqual([{ kind: 'already' }, { kind: 'already' }, { kind: 'already' }]);
    // Six funding times, six payments: 6 x 0.14 from Alice, 6 x 0.13 to Bob, 6 x 0.01 to the fund.
    expect(await margin(alice)).toEqual({ available: '998.24', locked: '0.00' });
    expect(await margin(bob)).toEqual({ available: '907.08', locked: '93.24' });
    expect(await insuranceFund()).toBe('6');
    const ledger = await sql(`SELECT count(*)::int AS n FROM wallet.ledger_transactions WHERE reference LIKE $1`, [`funding:${SYMBOL}:%`]);
    expect(ledger[0]!.n).toBe(6);
  }, 60_000);

  it('GET /markets/:symbol/funding: the rates, the next funding time and the history, paged', async () => {
    const next = at(5);
    const body = (await request(t.url).get(`/api/v1/markets/${SYMBOL.toLowerCase()}/funding?limit=3`).expect(200)).body;
    const item = (time: Date) => ({ fundingTime: time.toISOString(), rate: '0.00030000', mark: '230', paid: '0.14', received: '0.13', remainder: '0.01', positions: 2, settledAt: expect.any(String) });
    expect(body).toEqual({
      symbol: SYMBOL,
      asset: 'USD',
      predictedRate: '0.00030000',
      lastRate: '0.00030000',
      lastFundingTime: next.toISOString(),
      nextFundingTime: new Date(lastFundingTime(new Date(), INTERVAL).getTime() + INTERVAL).toISOString(),
      intervalMs: INTERVAL,
      history: { items: [5, 4, 3].map((k) => item(at(k))), nextCursor: expect.any(String) },
    });
    const older = (await request(t.url).get(`/api/v1/markets/${SYMBOL}/funding?limit=3&cursor=${body.history.nextCursor}`).expect(200)).body;
    expect(older.history).toEqual({ items: [2, 1, 0].map((k) => item(at(k))), nextCursor: null });

    expect((await request(t.url).get('/api/v1/markets/NOPE-PERP/funding').expect(404)).body.code).toBe('MARKET_NOT_FOUND');
    expect((await request(t.url).get('/api/v1/markets/BTC-USDT/funding').expect(400)).body.code).toBe('MARKET_NOT_PERPETUAL');
    expect((await request(t.url).get(`/api/v1/markets/${SYMBOL}/funding?cursor=garbage`).expect(400)).body.code).toBe('INVALID_CURSOR');
    expect((await request(t.url).get(`/api/v1/markets/${SYMBOL}/funding?limit=0`).expect(400)).body.code).toBe('VALIDATION_FAILED');
  });
});
