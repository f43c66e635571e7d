import fc from 'fast-check';
import { Client } from 'pg';
import request from 'supertest';
import { Account, bearer, login, register, uniqueEmail } from './support/accounts';
import { suiteDatabase } from './support/market';
import { Balances, SpotApi, decimal, units } from './support/spot-api';
import { SpotModel } from './support/spot-model';
import { Answer, MarketRules, ModelFill, OrderSnapshot, snapshot } from './support/spot-rules';
import { Session, SessionCommand, pickOrder, sessionArbitrary } from './support/spot-session';
import { TestApp, startTestApp } from './support/test-app';
import { waitFor } from './support/wallet';

/**
 * The spot write path against an independent model (test/support/spot-model.ts,
 * written from docs/orders.md, docs/orders-engine.md and docs/wallet.md, not
 * from the app's domain code). fast-check generates sessions: 3 to 5 fresh
 * users funded through the faucet, then 20 to 60 commands (LIMIT orders of
 * every time in force, MARKET orders, amends, cancels, cancel-alls, and an
 * admin narrowing or widening a market's band, so that orders rest beyond
 * the edge where MARKET orders stop) sent one at a time, so the model sees
 * the app's order. After every command: the
 * answer (status, error code, the order, the taker's fills), the touched
 * users' balances and the market's depth. After every session: every order,
 * every fill and every open order of every user, and conservation (users +
 * the FEES account = deposits; the API does not show the FEES account, so it
 * is read from the database). Exact to the last unit: every amount the API
 * answers is parsed to smallest units at its market's or asset's scale.
 *
 * Two markets of this suite's own, on a feed that does not move (volatility
 * 0.000001): ETH-USD (2-decimal quote, whole ticks, taker fee above maker)
 * and NVDA-USDT (6-decimal quote, tick 0.05, maker fee above taker, so a
 * buy's hold is at the maker rate). The bots are off under NODE_ENV=test.
 * A failure prints fast-check's seed and the shrunk session (null commands
 * are slots shrinking emptied); MODEL_SEED replays a seed, MODEL_RUNS changes
 * the number of sessions, MODEL_SHRINK=0 skips shrinking.
 */
const rules = (symbol: string, baseDecimals: number, quoteDecimals: number, r: Omit<MarketRules, 'symbol' | 'base' | 'quote' | 'baseDecimals' | 'quoteDecimals'>): MarketRules => {
  const [base, quote] = symbol.split('-') as [string, string];
  return { symbol, base, quote, baseDecimals, quoteDecimals, ...r };
};
const ETH_USD = rules('ETH-USD', 8, 2, { priceScale: 0, quantityScale: 2, tick: 1n, step: 1n, minQuantity: 5n, minNotional: 500n, makerPpm: 1000n, takerPpm: 2000n, bandPpm: 500_000n });
const NVDA_USDT = rules('NVDA-USDT', 6, 6, { priceScale: 2, quantityScale: 3, tick: 5n, step: 1n, minQuantity: 10n, minNotional: 1_000_000n, makerPpm: 2500n, takerPpm: 500n, bandPpm: 200_000n });
/** `narrow`: the band an admin narrows the market to now and then: the mark alone (ETH-USD), a tick either side (NVDA-USDT). */
const MARKETS = [
  { rules: ETH_USD, initialPrice: 100n, lot: 1n, narrow: 5_000n },
  { rules: NVDA_USDT, initialPrice: 5000n, lot: 4n, narrow: 1_000n },
];
/** Faucet amounts per asset (smallest units), from little to plenty: the small ones run out, so holds meet refusals for funds. */
const FUNDING: readonly [asset: string, decimals: number, choices: readonly bigint[]][] = [
  ['USD', 2, [30_00n, 300_00n, 2000_00n, 5000_00n]],
  ['ETH', 8, [30_000_000n, 100_000_000n, 300_000_000n, 500_000_000n]],
  ['USDT', 6, [2_000_000n, 10_000_000n, 30_000_000n, 50_000_000n]],
  ['NVDA', 6, [60_000n, 300_000n, 600_000n, 1_000_000n]],
];
const NO_SUCH_ORDER = '00000000-0000-4000-8000-000000000000';

describe('spot orders against an independent model (e2e)', () => {
  let t: TestApp;
  let api: SpotApi;
  let pg: Client;
  let admin: Account;
  const db = suiteDatabase('orders_model');
  const adminEmail = uniqueEmail('model-admin');
  const stats = { sessions: 0, commands: 0, accepted: 0, trades: 0, beyondProtection: 0, refusals: new Map<string, number>(), outcomes: new Map<string, number>() };
  const count = (tally: Map<string, number>, key: string) => tally.set(key, (tally.get(key) ?? 0) + 1);

  beforeAll(async () => {
    await db.enter();
    t = await startTestApp({
      FEED_ENABLED: 'true',
      FEED_INTERVAL_MS: '200',
      // Sequential commands never queue; refusals must not slow a user down (a refused order holds its place 1 s).
      ORDERS_MAX_QUEUED_PER_USER: '999',
      ORDERS_MAX_QUEUED_PER_MARKET: '1000',
      ADMIN_EMAIL: adminEmail,
      ADMIN_PASSWORD: 'admin passphrase for tests',
    });
    admin = await login(t.url, adminEmail, 'admin passphrase for tests');
    api = new SpotApi(t.url, MARKETS.map((m) => m.rules), new Map(FUNDING.map(([asset, decimals]) => [asset, decimals])));
    for (const { rules: m, initialPrice } of MARKETS) {
      await request(t.url)
        .post('/api/v1/admin/markets')
        .set(bearer(admin.accessToken))
        .send({
          symbol: m.symbol, kind: 'SPOT', baseAsset: m.base, quoteAsset: m.quote, maxLeverage: 1, maintenanceMarginTiers: [], volatility: '0.000001',
          tickSize: decimal(m.tick, m.priceScale), stepSize: decimal(m.step, m.quantityScale), minQuantity: decimal(m.minQuantity, m.quantityScale),
          minNotional: decimal(m.minNotional, m.quoteDecimals), makerFeeRate: decimal(m.makerPpm, 6), takerFeeRate: decimal(m.takerPpm, 6),
          priceBandRate: decimal(m.bandPpm, 6), initialPrice: decimal(initialPrice, m.priceScale),
        })
        .expect(201);
    }
    for (const { rules: m, initialPrice } of MARKETS) {
      await waitFor(async () => ((await request(t.url).get(`/api/v1/markets/${m.symbol}/mark-price`)).status === 200 ? true : undefined));
      expect(await api.mark(m)).toBe(initialPrice);
    }
    pg = new Client({ connectionString: process.env.TEST_DATABASE_URL });
    await pg.connect();
  });
  afterAll(async () => {
    await pg?.end();
    await t?.close();
    await db.leave();
  });

  it('agrees with the model on every answer, fill, fee, hold and balance of random sessions', async () => {
    const started = Date.now();
    const seed = process.env.MODEL_SEED === undefined ? {} : { seed: Number(process.env.MODEL_SEED) };
    await fc.assert(
      fc.asyncProperty(sessionArbitrary(MARKETS.length, FUNDING.length, 4), (session) => runSession(session)),
      // Plain uniform draws: fast-check's bias towards small values would make most quantities refusals below the minimums.
      // A bound on the whole property, shrinking included: a failure found before it is still reported, with its seed.
      // MODEL_SHRINK=0 reports the first failing session as it is, without looking for a smaller one.
      { numRuns: Number(process.env.MODEL_RUNS ?? 15), plugins: [fc.unbiased(), fc.interruptAfterTimeLimit(420_000)], endOnFailure: process.env.MODEL_SHRINK === '0', ...seed },
    );
    const list = (tally: Map<string, number>) => [...tally].map(([key, n]) => `${key} ${n}`).join(', ');
    console.log(
      `model: ${stats.sessions} sessions, ${stats.commands} commands (${stats.accepted} accepted), ${stats.trades} trades, ` +
        `${stats.beyondProtection} MARKET orders with liquidity beyond their protection price, ${Date.now() - started} ms\n` +
        `orders placed: ${list(stats.outcomes)}\nrefusals: ${list(stats.refusals)}`,
    );
    // The sessions must keep trading (a generator that drifts into refusals would check little): one trade a session at least.
    if (stats.sessions >= 5) expect(stats.trades).toBeGreaterThanOrEqual(stats.sessions);
  }, 480_000);

  async function runSession(session: Session): Promise<void> {
    const model = new SpotModel();
    const users = await Promise.all(session.funding.map(() => register(t.url)));
    try {
      await Promise.all(
        session.funding.map(async (picks, u) => {
          for (const [i, [asset, decimals, choices]] of FUNDING.entries()) {
            const amount = choices[picks[i]!]!;
            await request(t.url).post('/api/v1/wallet/deposits').set(bearer(users[u]!.accessToken)).send({ asset, amount: decimal(amount, decimals) }).expect(201);
            model.deposit(u, asset, amount);
          }
        }),
      );
      // Every session starts with the markets' own bands (the last one may have narrowed them).
      for (const { rules: m } of MARKETS) await setBand(m, m.bandPpm);
      const feesBefore = await fees();
      // The feed does not move (volatility 0.000001): one read of each mark prices the session's bands, checked again at its end.
      const marks = new Map<MarketRules, bigint>();
      for (const { rules: m } of MARKETS) marks.set(m, await api.mark(m));
      for (const { rules: m } of MARKETS) expect(await api.book(m)).toEqual({ bids: [], asks: [] });
      for (const [step, command] of session.commands.entries()) if (command) await runCommand(model, users, marks, step, command);
      await compareSession(model, users, feesBefore);
      for (const [m, mark] of marks) expect({ symbol: m.symbol, mark: await api.mark(m) }).toEqual({ symbol: m.symbol, mark });
      stats.sessions += 1;
      stats.trades += model.fills.length / 2;
    } finally {
      // The next session starts on empty books, whatever happened in this one (a failure here must not hide the first one).
      for (const user of users) await api.cancelAll(user.accessToken).then(undefined, () => undefined);
    }
  }

  async function runCommand(model: SpotModel, users: Account[], marks: Map<MarketRules, bigint>, step: number, command: SessionCommand): Promise<void> {
    // An admin's command has no user: user 0's balances are checked after it (nothing moves).
    const u = command.kind === 'band' ? 0 : command.user % users.length;
    const token = users[u]!.accessToken;
    stats.commands += 1;
    let symbols: MarketRules[];
    if (command.kind === 'place') {
      const { rules: m, lot } = MARKETS[command.market]!;
      const mark = marks.get(m)!;
      const body: Record<string, string> = { symbol: m.symbol, side: command.side, type: command.type, quantity: decimal(BigInt(command.lots) * lot * m.step, m.quantityScale) };
      if (command.timeInForce !== undefined) body.timeInForce = command.timeInForce;
      let price: bigint | undefined;
      if (command.type === 'LIMIT') {
        const edges = model.band(m, mark);
        const near = (mark / m.tick) * m.tick + BigInt(command.side === 'BUY' ? command.ticks : -command.ticks) * m.tick;
        price = !command.far ? near : command.ticks >= 0 ? edges.upper + BigInt(1 + command.ticks) * m.tick : edges.lower - BigInt(1 - command.ticks) * m.tick;
        if (command.offTick && m.tick > 1n) price += 1n;
        body.price = decimal(price, m.priceScale);
      }
      if (command.type === 'MARKET') {
        const edges = model.band(m, mark);
        const beyond = model.book(m, command.side === 'BUY' ? 'SELL' : 'BUY').some((o) => (command.side === 'BUY' ? o.price! > edges.upper : o.price! < edges.lower));
        if (beyond) stats.beyondProtection += 1;
      }
      const response = await api.place(token, body);
      const expected = model.place(u, { market: m, side: command.side, type: command.type, quantity: units(body.quantity, m.quantityScale), price, timeInForce: command.timeInForce }, mark, String(response.body.id));
      compareAnswer(step, command, response, expected);
      if (expected.ok && response.status === 201) {
        count(stats.outcomes, `${command.type} ${expected.order.timeInForce} ${expected.order.status}${expected.order.reason ? ` ${expected.order.reason}` : ''}`);
        const fills = (response.body.fills as Record<string, unknown>[]).map((f) => api.fill(f));
        expect({ step, fills }).toEqual({ step, fills: expected.fills.map(withoutUser) });
      }
      symbols = [m];
    } else if (command.kind === 'amend' || command.kind === 'cancel') {
      const order = pickOrder(model.orders, u, command.pick, command.foreign);
      const id = order?.id ?? NO_SUCH_ORDER;
      if (command.kind === 'cancel') {
        compareAnswer(step, command, await api.cancel(token, id), model.cancel(u, id));
      } else {
        const m = order?.market ?? ETH_USD;
        const lot = MARKETS.find((x) => x.rules === m)!.lot;
        const mark = marks.get(m)!;
        const price = (order?.price ?? (mark / m.tick) * m.tick) + BigInt(command.priceTicks ?? 0) * m.tick;
        const quantity = (order?.quantity ?? m.minQuantity) + BigInt(command.quantityLots ?? 0) * lot * m.step;
        const changes = { price: price > 0n ? price : m.tick, quantity: quantity > 0n ? quantity : m.step };
        const body: Record<string, string> = {};
        if (command.priceTicks !== undefined || command.quantityLots === undefined) body.price = decimal(changes.price, m.priceScale);
        if (command.quantityLots !== undefined) body.quantity = decimal(changes.quantity, m.quantityScale);
        const expected = model.amend(u, id, { price: body.price === undefined ? undefined : changes.price, quantity: body.quantity === undefined ? undefined : changes.quantity }, mark);
        compareAnswer(step, command, await api.amend(token, id, body), expected);
      }
      symbols = [order?.market ?? ETH_USD];
    } else if (command.kind === 'band') {
      const { rules: m, narrow } = MARKETS[command.market]!;
      await setBand(m, command.narrow ? narrow : m.bandPpm);
      model.setBand(m, command.narrow ? narrow : m.bandPpm);
      symbols = [m];
    } else {
      const m = command.market === null ? undefined : MARKETS[command.market]!.rules;
      const response = await api.cancelAll(token, m?.symbol);
      const expected = model.cancelAll(u, m?.symbol);
      expect({ step, status: response.status }).toEqual({ step, status: 200 });
      const canceled = (response.body.canceled as Record<string, unknown>[]).map((o) => api.order(o));
      expect({ step, canceled: byId(canceled) }).toEqual({ step, canceled: byId(expected) });
      stats.accepted += 1;
      symbols = m ? [m] : MARKETS.map((x) => x.rules);
    }
    for (const m of symbols) expect({ step, symbol: m.symbol, book: await api.book(m) }).toEqual({ step, symbol: m.symbol, book: model.depth(m) });
    for (const who of new Set([u, ...model.touched])) {
      expect({ step, user: who, balances: await api.balances(users[who]!.accessToken) }).toEqual({ step, user: who, balances: modelBalances(model, who) });
    }
  }

  function compareAnswer(step: number, command: SessionCommand, response: request.Response, expected: Answer): void {
    const actual = { status: response.status, code: response.body.code as string | undefined };
    if (!expected.ok) {
      expect({ step, command, answer: actual }).toEqual({ step, command, answer: { status: expected.httpStatus, code: expected.code } });
      if (expected.short) {
        const scale = FUNDING.find(([asset]) => asset === expected.short!.asset)![1];
        const { asset, available, required } = response.body as Record<string, string>;
        expect({ step, short: { asset, available: units(available, scale), required: units(required, scale) } }).toEqual({ step, short: expected.short });
      }
      count(stats.refusals, expected.code);
      return;
    }
    expect({ step, command, answer: actual }).toEqual({ step, command, answer: { status: expected.httpStatus, code: undefined } });
    expect({ step, order: api.order(response.body) }).toEqual({ step, order: expected.order });
    stats.accepted += 1;
  }

  /** Every order, open order, fill and balance of every user; users + fees = deposits, per asset. */
  async function compareSession(model: SpotModel, users: Account[], feesBefore: Map<string, bigint>): Promise<void> {
    const held = new Map<string, bigint>();
    for (const [u, user] of users.entries()) {
      const orders = (await api.all(user.accessToken, '/api/v1/orders/history')).map((o) => api.order(o));
      expect({ user: u, orders: byId(orders) }).toEqual({ user: u, orders: byId(model.orders.filter((o) => o.user === u).map(snapshot)) });
      const open = (await api.all(user.accessToken, '/api/v1/orders')).map((o) => o.id as string).sort();
      expect({ user: u, open }).toEqual({ user: u, open: model.orders.filter((o) => o.user === u && o.inBook).map((o) => o.id).sort() });
      const fills = (await api.all(user.accessToken, '/api/v1/fills')).map((f) => api.fill(f));
      expect({ user: u, fills: sortFills(fills) }).toEqual({ user: u, fills: sortFills(model.fills.filter((f) => f.user === u).map(withoutUser)) });
      const balances = await api.balances(user.accessToken);
      expect({ user: u, balances }).toEqual({ user: u, balances: modelBalances(model, u) });
      for (const [asset, b] of balances) held.set(asset, (held.get(asset) ?? 0n) + b.available + b.locked);
    }
    const feesAfter = await fees();
    for (const [asset] of FUNDING) {
      const charged = (feesAfter.get(asset) ?? 0n) - (feesBefore.get(asset) ?? 0n);
      expect({ asset, charged, conserved: (held.get(asset) ?? 0n) + charged }).toEqual({ asset, charged: model.fees.get(asset) ?? 0n, conserved: model.deposits.get(asset) ?? 0n });
    }
  }

  async function setBand(m: MarketRules, bandPpm: bigint): Promise<void> {
    await request(t.url).patch(`/api/v1/admin/markets/${m.symbol}`).set(bearer(admin.accessToken)).send({ priceBandRate: decimal(bandPpm, 6) }).expect(200);
  }

  /** The FEES accounts, per asset (not exposed by the API). */
  async function fees(): Promise<Map<string, bigint>> {
    const { rows } = await pg.query<{ asset: string; available: string }>(`SELECT asset, available::text AS available FROM wallet.accounts WHERE kind = 'FEES'`);
    return new Map(rows.map((r) => [r.asset, BigInt(r.available)]));
  }
});

function modelBalances(model: SpotModel, user: number): Balances {
  return new Map(FUNDING.map(([asset]) => [asset, { ...model.balance(user, asset) }]));
}

const withoutUser = ({ user: _user, ...fill }: ModelFill) => fill;
const byId = (orders: readonly OrderSnapshot[]) => [...orders].sort((a, b) => a.id.localeCompare(b.id));
const sortFills = <T extends Omit<ModelFill, 'user'>>(fills: readonly T[]) =>
  [...fills].sort((a, b) => `${a.orderId}|${a.price}|${a.quantity}|${a.fee}`.localeCompare(`${b.orderId}|${b.price}|${b.quantity}|${b.fee}`));
