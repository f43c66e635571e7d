import fc from 'fast-check';
import { OrderSide, termsOf, type Accepted, type Decision } from '@lib/orders';
import { PERP, PerpScenario, decideLeverage, decideMarginMode, dollars, perpLedgerEffect, perpLimit, perpMarket, usdt } from '@lib/orders/testing';
import { RATE_E8 } from '../domain';
import { decideFunding, type FundingOutcome } from './deciders/fund.decider';
import { decideLiquidation, type LiquidationAnswer } from './liquidation/liquidate.decider';
import { crossCheck, isLiquidatable, isolatedCheck, type MarginCheck } from './liquidation/liquidation-rules';

/*
 * The whole risk loop on one perpetual market (BTC-PERP of @lib/orders/testing), driven by
 * random traders and a random price path through the real deciders: orders (decidePerpPlace),
 * mark moves each followed by a liquidation attempt for every trader (decideLiquidation, as the
 * monitor would), funding times (decideFunding). After every step the invariants of docs/risk.md
 * hold (see `invariants`). Amounts in USDT units (6 decimals), prices in cents, quantities in 1e-4 BTC.
 */
const FEE_E8 = 500_000n; // LIQUIDATION_FEE_RATE 0.5 %
const CAP_E8 = (RATE_E8 * 75n) / 10_000n; // FUNDING_CAP 0.75 %
const T = new Date('2026-12-06T08:00:00Z');

type Step =
  | { kind: 'limit'; who: number; buy: boolean; bps: number; qty: bigint; reduceOnly: boolean }
  | { kind: 'market'; who: number; buy: boolean; qty: bigint }
  | { kind: 'mark'; bps: number }
  | { kind: 'fund'; rate: bigint };

const traderArb = fc.record({ funds: fc.bigInt({ min: usdt(50n), max: usdt(20_000n) }), leverage: fc.integer({ min: 1, max: 50 }), isolated: fc.boolean() });
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('limit' as const), who: fc.nat(5), buy: fc.boolean(), bps: fc.integer({ min: -500, max: 500 }), qty: fc.bigInt({ min: 1n, max: 4_000n }), reduceOnly: fc.integer({ min: 0, max: 99 }).map((n) => n < 15) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('market' as const), who: fc.nat(5), buy: fc.boolean(), qty: fc.bigInt({ min: 1n, max: 4_000n }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('mark' as const), bps: fc.oneof(fc.integer({ min: -150, max: 150 }), fc.integer({ min: -900, max: 900 })) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('fund' as const), rate: fc.bigInt({ min: -CAP_E8, max: CAP_E8 }) }) },
);
const worldArb = fc.record({
  traders: fc.array(traderArb, { minLength: 3, maxLength: 6 }),
  seed: fc.oneof(fc.constant(0n), fc.bigInt({ min: 1n, max: usdt(3_000n) })),
  steps: fc.array(stepArb, { minLength: 10, maxLength: 70 }),
});

/** What the whole property exercised. */
const seen = { liquidations: 0, partial: 0, covers: 0, adl: 0, refusedNotLiquidatable: 0, fundings: 0, remainders: 0, fills: 0 };

/** The world's expected insurance fund, tracked from the decisions (seed + fees + remainders - covers). */
interface World {
  readonly s: PerpScenario;
  readonly users: readonly string[];
  readonly total: bigint;
  insurance: bigint;
}

const abs = (n: bigint) => (n < 0n ? -n : n);
const json = (v: unknown) => JSON.stringify(v, (_, x: unknown) => (typeof x === 'bigint' ? x.toString() : x));
const mark = (s: PerpScenario) => s.marks.get(PERP.symbol)!;
const sum = (xs: readonly bigint[]) => xs.reduce((a, b) => a + b, 0n);

/** Everything a refused decision must leave as it was. */
function stateOf(s: PerpScenario): string {
  const rows = [...s.rows.values()].map((r) => [r.userId, r.position.size, r.position.entryValue, r.isolatedMargin, r.leverage, r.marginMode, r.version]);
  const orders = [...s.open.values()].map((o) => [o.state.id, o.state.holdRemaining, o.state.filledQuantity, o.state.status]);
  return json({ ledger: s.ledger.snapshot(), rows, orders, seq: s.book.seq, book: s.book.size, depth: s.book.depth(1_000) });
}

/** The invariants of docs/risk.md and issue 15, after every step. */
function invariants(w: World): void {
  const { s } = w;
  const ledger = s.ledger.snapshot();
  // The ledger is conserved: nothing created or destroyed (CLEARING, FEES and INSURANCE_FUND included).
  expect(sum(Object.values(ledger))).toBe(w.total);
  for (const u of w.users) {
    expect(s.ledger.available(u)).toBeGreaterThanOrEqual(0n);
    expect(s.ledger.locked(u)).toBeGreaterThanOrEqual(0n);
  }
  expect(s.ledger.get('INSURANCE_FUND')).toBeGreaterThanOrEqual(0n);
  expect(s.ledger.get('INSURANCE_FUND')).toBe(w.insurance);
  const rows = [...s.rows.values()];
  expect(sum(rows.map((r) => r.position.size))).toBe(0n);
  // CLEARING holds what the shorts sold for less what the longs paid.
  const shorts = sum(rows.filter((r) => r.position.size < 0n).map((r) => r.position.entryValue));
  const longs = sum(rows.filter((r) => r.position.size > 0n).map((r) => r.position.entryValue));
  expect(s.ledger.get('CLEARING')).toBe(shorts - longs);
  for (const r of rows) {
    expect(r.isolatedMargin).toBeGreaterThanOrEqual(0n);
    if (r.position.size === 0n) expect(r.position.entryValue).toBe(0n);
  }
  // LOCKED = the holds of the user's open orders + their isolated margin; every open order rests on the book.
  const open = [...s.open.values()];
  expect(s.book.size).toBe(open.length);
  for (const o of open) expect(s.book.get(o.state.id)).toBeDefined();
  for (const u of w.users) {
    const holds = sum(s.openOrdersOf(u).map((o) => o.state.holdRemaining));
    expect(s.ledger.locked(u)).toBe(holds + s.position(u).isolatedMargin);
  }
}

function checkRefusal(before: string, s: PerpScenario, d: Decision<unknown>): void {
  if (d.kind === 'refused') expect(stateOf(s)).toBe(before);
}

/** The margin check at the mark from the ledger and the rows (not the batch's facts): what the decider must agree with. */
function checkOf(s: PerpScenario, u: string): MarginCheck | null {
  const record = s.rows.get(u);
  if (!record || record.position.size === 0n) return null;
  const holding = { record, terms: termsOf(PERP), mark: mark(s) };
  if (record.marginMode === 'ISOLATED') return isolatedCheck(holding);
  const cash = s.ledger.available(u) + sum(s.openOrdersOf(u).map((o) => o.state.holdRemaining));
  return crossCheck(cash, [holding]);
}

/** One liquidation step of `u` at the mark; whether it closed anything. */
function liquidate(w: World, u: string): boolean {
  const { s } = w;
  const check = checkOf(s, u);
  const size = s.position(u).size;
  const before = stateOf(s);
  const d = s.run((x) => decideLiquidation({ spec: PERP, userId: u, feeE8: FEE_E8 }, x.market, x.facts));
  if (d.kind === 'refused') {
    expect((d.error as { code?: string }).code).toBe('NOT_LIQUIDATABLE');
    // Refused exactly when there is no position or its margin covers maintenance at the mark.
    expect(check === null || !isLiquidatable(check)).toBe(true);
    expect(stateOf(s)).toBe(before);
    seen.refusedNotLiquidatable += 1;
    return false;
  }
  // Accepted: the margin was below maintenance before the step.
  expect(check).not.toBeNull();
  expect(isLiquidatable(check!)).toBe(true);
  const a: LiquidationAnswer = d.answer([]);
  expect(a.target).toBeGreaterThan(0n);
  expect(a.target).toBeLessThanOrEqual(abs(size));
  expect(abs(a.sizeAfter)).toBe(abs(size) - a.filled - a.adl);
  expect(s.position(u).size).toBe(a.sizeAfter);
  if (a.sizeAfter !== 0n) expect(a.sizeAfter > 0n).toBe(size > 0n);
  const legs = d.passes.flatMap((p) => (p.settlement?.kind === 'SETTLE_PERP_TRADES' ? p.settlement.legs : []));
  expect(sum(legs.map((l) => l.liquidationFee ?? 0n))).toBe(a.liquidationFee);
  expect(sum(legs.map((l) => l.insuranceCover ?? 0n))).toBe(a.insuranceCover);
  expect(legs.filter((l) => l.userId !== u && ((l.liquidationFee ?? 0n) !== 0n || (l.insuranceCover ?? 0n) !== 0n))).toEqual([]);
  expect(a.liquidationFee).toBeGreaterThanOrEqual(0n);
  expect(a.insuranceCover).toBeGreaterThanOrEqual(0n);
  expect(perpLedgerEffect(d)['INSURANCE_FUND'] ?? 0n).toBe(a.liquidationFee - a.insuranceCover);
  w.insurance += a.liquidationFee - a.insuranceCover;
  if (a.filled + a.adl > 0n) seen.liquidations += 1;
  if (a.sizeAfter !== 0n && a.filled + a.adl > 0n) seen.partial += 1;
  if (a.insuranceCover > 0n) seen.covers += 1;
  if (a.adl > 0n) seen.adl += 1;
  return a.filled + a.adl > 0n;
}

function fund(w: World, rate: bigint): void {
  const { s } = w;
  const before = stateOf(s);
  const d = s.run((x) => decideFunding(PERP, T, rate, mark(x), x.market, x.facts));
  checkRefusal(before, s, d);
  if (d.kind === 'refused') throw d.error;
  const o: FundingOutcome = (d as Accepted<FundingOutcome>).answer([]);
  expect(o.remainder).toBeGreaterThanOrEqual(0n);
  expect(o.paid).toBe(o.received + o.remainder);
  const payments = d.intents.flatMap((i) => (i.kind === 'PAY_FUNDING' ? i.payments : []));
  expect(-sum(payments.filter((p) => p.amount < 0n).map((p) => p.amount))).toBe(o.paid);
  expect(sum(payments.filter((p) => p.amount > 0n).map((p) => p.amount))).toBe(o.received);
  expect(perpLedgerEffect(d)['INSURANCE_FUND'] ?? 0n).toBe(o.remainder);
  w.insurance += o.remainder;
  seen.fundings += 1;
  if (o.remainder > 0n) seen.remainders += 1;
}

function run(w: World, step: Step): void {
  const { s, users } = w;
  if (step.kind === 'mark') {
    const next = (mark(s) * BigInt(10_000 + step.bps)) / 10_000n;
    s.marks.set(PERP.symbol, next < dollars(5_000n) ? dollars(5_000n) : next > dollars(500_000n) ? dollars(500_000n) : next);
    invariants(w);
    // The monitor tries every trader, and again while a step closes something (a partial close by tier).
    for (const u of users) {
      for (let again = true, i = 0; again && i < 3; i++) {
        again = liquidate(w, u);
        invariants(w);
      }
    }
    return;
  }
  if (step.kind === 'fund') {
    fund(w, step.rate);
    invariants(w);
    return;
  }
  const u = users[step.who % users.length]!;
  const side = step.buy ? OrderSide.BUY : OrderSide.SELL;
  const order =
    step.kind === 'limit'
      ? perpLimit(u, side, (mark(s) * BigInt(10_000 + step.bps)) / 10_000n, step.qty, { reduceOnly: step.reduceOnly })
      : perpMarket(u, side, step.qty, mark(s));
  const before = stateOf(s);
  const d = s.place(order);
  checkRefusal(before, s, d);
  if (d.kind === 'accepted') seen.fills += d.passes.reduce((n, p) => n + p.trades.length, 0);
  invariants(w);
}

function world(traders: readonly { funds: bigint; leverage: number; isolated: boolean }[], seed: bigint): World {
  const funds = Object.fromEntries(traders.map((t, i) => [`t${i}`, t.funds]));
  const s = new PerpScenario(funds);
  if (seed > 0n) s.ledger.add({ INSURANCE_FUND: seed });
  const users = Object.keys(funds);
  traders.forEach((t, i) => {
    for (const d of [s.run((x) => decideLeverage(PERP, `t${i}`, t.leverage, x.market, x.facts)), s.run((x) => decideMarginMode(PERP, `t${i}`, t.isolated ? 'ISOLATED' : 'CROSS', x.market, x.facts))]) {
      if (d.kind !== 'accepted') throw d.error;
    }
  });
  return { s, users, total: sum(traders.map((t) => t.funds)) + seed, insurance: seed };
}

describe('risk: a property over random traders and price paths (orders, marks, liquidations, funding)', () => {
  it('keeps every invariant after every step, and exercises liquidations, covers and ADL', () => {
    const started = Date.now();
    fc.assert(
      fc.property(worldArb, ({ traders, seed, steps }) => {
        const w = world(traders, seed);
        invariants(w);
        for (const step of steps) run(w, step);
      }),
      { numRuns: 120, seed: 1515 },
    );
    // The generator reaches the interesting paths (counted over the whole property).
    expect(seen.liquidations).toBeGreaterThan(0);
    expect(seen.covers).toBeGreaterThan(0);
    expect(seen.adl).toBeGreaterThan(0);
    expect(seen.partial).toBeGreaterThan(0);
    expect(seen.refusedNotLiquidatable).toBeGreaterThan(0);
    expect(seen.fundings).toBeGreaterThan(0);
    process.stdout.write(`risk property: ${json(seen)} in ${Date.now() - started} ms\n`);
  });
});

/*
 * Found by the property (another seed, traders with 50 USDT): a CROSS trader's own close realizes a loss
 * beyond its MARGIN AVAILABLE and decidePerpPlace accepts it, so AVAILABLE goes negative in the decision.
 * docs/positions.md "Known limits" names it (the ledger refuses the posting, and with it the taker's order;
 * the R2 stage of issue 15 is to handle it first), but the decider itself lets it through.
 */
describe('known limit: a cross close past the account (R2 not built)', () => {
  it('refuses a cross buy-back whose loss and fee exceed AVAILABLE (BEYOND_BANKRUPTCY_PRICE: the cash bound)', () => {
    const s = new PerpScenario({ alice: usdt(10_000n), bob: usdt(100n) });
    // bob (CROSS, leverage 10) sells 0.01 BTC at 50 000 to alice's bid: 0.25 of taker fee, 99.75 left.
    for (const d of [s.place(perpLimit('alice', OrderSide.BUY, dollars(50_000n), 100n)), s.place(perpMarket('bob', OrderSide.SELL, 100n, dollars(50_000n)))]) {
      if (d.kind !== 'accepted') throw d.error;
    }
    expect(s.ledger.available('bob')).toBe(99_750_000n);
    // alice offers her long at 60 000; bob buys his short back there: 100 of loss + 0.3 of taker fee > 99.75.
    expect(s.place(perpLimit('alice', OrderSide.SELL, dollars(60_000n), 100n)).kind).toBe('accepted');
    const d = s.place(perpLimit('bob', OrderSide.BUY, dollars(60_000n), 100n));
    // Refused before the book: his cash bound for 0.01 BTC is 59 945.02 (the loss and the fee within 99.75).
    expect(s.ledger.available('bob')).toBeGreaterThanOrEqual(0n);
    expect(d.kind).toBe('refused');
  });
});
