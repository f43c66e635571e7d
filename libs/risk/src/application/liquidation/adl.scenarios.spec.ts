import fc from 'fast-check';
import { OrderSide, type Decision } from '@lib/orders';
import { PERP, PerpScenario, accepted, decideLeverage, decideMarginMode, dollars, perpLimit, usdt } from '@lib/orders/testing';
import { LiquidationAnswer, decideLiquidation } from './liquidate.decider';

/*
 * Auto-deleveraging on BTC-PERP (docs/risk.md, "Auto-deleveraging"): taker
 * 0.05 %, a liquidation fee of 0.5 %, an empty insurance fund. Amounts in
 * USDT units (6 decimals), prices in cents, quantities in 1e-4 BTC.
 */
const FEE_E8 = 500_000n;

function liquidate(s: PerpScenario, userId: string): Decision<LiquidationAnswer> {
  return s.run((x) => decideLiquidation({ spec: PERP, userId, feeE8: FEE_E8 }, x.market, x.facts));
}

function ok<R>(decision: Decision<R>): R {
  return accepted(decision).answer([]);
}

function leverage(s: PerpScenario, userId: string, value: number): void {
  ok(s.run((x) => decideLeverage(PERP, userId, value, x.market, x.facts)));
}

const sizes = (s: PerpScenario) => [...s.rows.values()].reduce((sum, r) => sum + r.position.size, 0n);
const total = (s: PerpScenario) => Object.values(s.ledger.snapshot()).reduce((sum, v) => sum + v, 0n);

describe('auto-deleveraging', () => {
  it('fund empty → ADL of the most profitable short first; a short at a loss at the bankruptcy price is skipped', () => {
    const s = new PerpScenario({ erin: usdt(1_000n), carol: usdt(10_000n), dan: usdt(10_000n), bob: usdt(10_000n), frank: usdt(10_000n) });
    ok(s.run((x) => decideMarginMode(PERP, 'erin', 'ISOLATED', x.market, x.facts)));
    leverage(s, 'dan', 20);
    leverage(s, 'frank', 50);
    // dan: 0.05 BTC short at 50 000 (leverage 20), carol: 0.1 BTC short at 50 000 (leverage 10), to bob and erin.
    ok(s.place(perpLimit('dan', OrderSide.SELL, dollars(50_000n), 500n)));
    ok(s.place(perpLimit('bob', OrderSide.BUY, dollars(50_000n), 500n)));
    ok(s.place(perpLimit('carol', OrderSide.SELL, dollars(50_000n), 1000n)));
    ok(s.place(perpLimit('erin', OrderSide.BUY, dollars(50_000n), 1000n)));
    // frank: 0.03 BTC short at 44 500 (leverage 50), to bob.
    s.marks.set(PERP.symbol, dollars(44_500n));
    ok(s.place(perpLimit('bob', OrderSide.BUY, dollars(44_500n), 300n)));
    ok(s.place(perpLimit('frank', OrderSide.SELL, dollars(44_500n), 300n)));
    const before = total(s);
    // At 43 000, scores: dan 14 % x 20 = 2.8, frank 3.37 % x 50 = 1.69, carol 14 % x 10 = 1.4. Erin's bankruptcy: 45 022.52.
    s.marks.set(PERP.symbol, dollars(43_000n));
    const d = accepted(liquidate(s, 'erin'));
    expect(d.answer([])).toMatchObject({ filled: 0n, target: 1000n, adl: 1000n, liquidationFee: 2_252_000n, insuranceCover: 0n, sizeAfter: 0n });
    // dan whole, frank skipped (he would lose 15.6756 at 45 022.52), carol for the other 0.05.
    expect(s.rows.get('dan')!.position.size).toBe(0n);
    expect(s.rows.get('frank')!.position.size).toBe(-300n);
    expect(s.rows.get('carol')!.position.size).toBe(-500n);
    expect(s.rows.get('erin')!.position.size).toBe(0n);
    expect(sizes(s)).toBe(0n);
    expect(d.passes.at(-1)!.trades.map((t) => [t.makerUserId, t.price, t.quantity, t.makerFee, t.takerFee])).toEqual([
      ['dan', 4_502_252n, 500n, 0n, 0n],
      ['carol', 4_502_252n, 500n, 0n, 0n],
    ]);
    expect(s.ledger.snapshot()).toMatchObject({
      INSURANCE_FUND: 2_252_000n,
      // 500 - 497.748 of loss - 2.252 of fee: her cash outside the position untouched.
      'erin available': 497_500_000n,
    });
    // dan and carol each realized 0.05 x (50 000 - 45 022.52) = 248.874, no fee (0.5 and 1 of maker fee at the opening).
    expect(s.ledger.available('dan')).toBe(10_248_374_000n);
    expect(s.ledger.available('carol')).toBe(10_247_874_000n);
    expect(s.ledger.locked('dan')).toBe(0n);
    expect(total(s)).toBe(before);
    for (const [k, v] of Object.entries(s.ledger.snapshot())) if (k.endsWith('available')) expect(v).toBeGreaterThanOrEqual(0n);
  });

  it('no opposing position in profit at the bankruptcy price: nothing is deleveraged, the position stays', () => {
    const s = new PerpScenario({ erin: usdt(1_000n), carol: usdt(10_000n), frank: usdt(10_000n) });
    ok(s.run((x) => decideMarginMode(PERP, 'erin', 'ISOLATED', x.market, x.facts)));
    ok(s.place(perpLimit('carol', OrderSide.SELL, dollars(50_000n), 1000n)));
    ok(s.place(perpLimit('erin', OrderSide.BUY, dollars(50_000n), 1000n)));
    // carol buys her short back from frank: the only short left opened at 44 000, below erin's bankruptcy price (45 022.52).
    s.marks.set(PERP.symbol, dollars(44_000n));
    ok(s.place(perpLimit('frank', OrderSide.SELL, dollars(44_000n), 1000n)));
    ok(s.place(perpLimit('carol', OrderSide.BUY, dollars(44_000n), 1000n)));
    s.marks.set(PERP.symbol, dollars(39_000n));
    const d = accepted(liquidate(s, 'erin'));
    expect(d.answer([])).toMatchObject({ filled: 0n, adl: 0n, sizeAfter: 1000n });
    expect(s.rows.get('frank')!.position.size).toBe(-1000n);
    expect(d.events).toEqual([]);
  });

  it('property: the ledger is conserved, sizes sum to zero, nobody goes negative', () => {
    let deleveraged = 0;
    const short = fc.record({ price: fc.bigInt({ min: 40_000n, max: 52_000n }), quantity: fc.bigInt({ min: 1n, max: 400n }), leverage: fc.integer({ min: 1, max: 50 }) });
    fc.assert(
      fc.property(fc.array(short, { minLength: 1, maxLength: 4 }), fc.bigInt({ min: 30_000n, max: 44_000n }), (shorts, mark) => {
        const funds: Record<string, bigint> = { erin: usdt(1_000n) };
        shorts.forEach((_, i) => (funds[`s${i}`] = usdt(10_000n)));
        const s = new PerpScenario(funds);
        ok(s.run((x) => decideMarginMode(PERP, 'erin', 'ISOLATED', x.market, x.facts)));
        shorts.forEach((o, i) => {
          leverage(s, `s${i}`, o.leverage);
          ok(s.place(perpLimit(`s${i}`, OrderSide.SELL, dollars(o.price), o.quantity)));
        });
        ok(s.place(perpLimit('erin', OrderSide.BUY, dollars(52_000n), shorts.reduce((sum, o) => sum + o.quantity, 0n))));
        const before = total(s);
        s.marks.set(PERP.symbol, dollars(mark));
        const d = liquidate(s, 'erin');
        expect(total(s)).toBe(before);
        expect(sizes(s)).toBe(0n);
        for (const [k, v] of Object.entries(s.ledger.snapshot())) if (k.endsWith('available')) expect(v).toBeGreaterThanOrEqual(0n);
        if (d.kind === 'accepted') {
          const a = d.answer([]);
          if (a.adl > 0n) deleveraged += 1;
          expect(a.filled + a.adl + (a.sizeAfter < 0n ? -a.sizeAfter : a.sizeAfter)).toBe(a.target);
        }
      }),
      { numRuns: 40, seed: 15 },
    );
    expect(deleveraged).toBeGreaterThan(0);
  });
});

