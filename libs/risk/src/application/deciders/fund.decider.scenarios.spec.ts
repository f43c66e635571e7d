import { Side } from '@lib/orders';
import { PERP, PerpScenario, dollars, openedLong, perpLimit, perpLedgerEffect, traders, usdt } from '@lib/orders/testing';
import { decideFunding, FundingOutcome } from './fund.decider';
import { Accepted } from '@lib/orders';

const T = new Date('2026-12-06T08:00:00Z');

/** FUND at `rate` (RATE_E8) and `mark` on the scenario's market, applied like a committed batch. */
function fund(s: PerpScenario, rate: bigint, mark = dollars(50_000n)): Accepted<FundingOutcome> {
  const decision = s.run((x) => decideFunding(PERP, T, rate, mark, x.market, x.facts));
  if (decision.kind !== 'accepted') throw decision.error;
  return decision;
}

const amounts = (d: Accepted<FundingOutcome>) => Object.fromEntries(d.events!.map((e) => [e.payload.userId as string, e.payload.amount as string]));

/*
 * openedLong: alice CROSS long 0.1 BTC, bob ISOLATED short 0.1 BTC with 501.5 USDT of margin, both at 50 000.
 * The notional at the mark 50 000 is 5 000 USDT.
 */
describe('FUND: scenarios (exact amounts, USDT 6 decimals)', () => {
  it('positive rate 0.01 %: the long pays 0.5 USDT from AVAILABLE, the isolated short receives it into its margin', () => {
    const s = traders();
    openedLong(s);
    const alice = s.ledger.available('alice');
    const d = fund(s, 10_000n);
    expect(perpLedgerEffect(d)).toEqual({ 'alice available': -500_000n, 'bob locked': 500_000n });
    expect(amounts(d)).toEqual({ alice: '-500000', bob: '500000' });
    expect(d.answer([])).toMatchObject({ paid: 500_000n, received: 500_000n, remainder: 0n, positions: 2 });
    expect(s.ledger.available('alice')).toBe(alice - usdt(1n) / 2n);
    expect(s.position('bob').isolatedMargin).toBe(502_000_000n);
    expect(d.positions!.map((p) => [p.userId, p.isolatedMargin])).toEqual([['bob', 502_000_000n]]);
  });

  it('negative rate -0.01 %: the isolated short pays from its margin, the cross long receives on AVAILABLE', () => {
    const s = traders();
    openedLong(s);
    const d = fund(s, -10_000n);
    expect(perpLedgerEffect(d)).toEqual({ 'alice available': 500_000n, 'bob locked': -500_000n });
    expect(s.position('bob').isolatedMargin).toBe(501_000_000n);
  });

  it('rounding: at a mark of 50 000.01 the payer pays 0.500001, the receiver gets 0.500000, 0.000001 goes to the fund', () => {
    const s = traders();
    openedLong(s);
    const d = fund(s, 10_000n, dollars(50_000n) + 1n);
    expect(perpLedgerEffect(d)).toEqual({ 'alice available': -500_001n, 'bob locked': 500_000n, INSURANCE_FUND: 1n });
    expect(d.intents).toEqual([
      {
        kind: 'PAY_FUNDING',
        symbol: 'BTC-PERP',
        fundingTime: '2026-12-06T08:00:00.000Z',
        asset: 'USDT',
        payments: [
          { userId: 'alice', amount: -500_001n, isolated: false },
          { userId: 'bob', amount: 500_000n, isolated: true },
        ],
        remainder: 1n,
      },
    ]);
  });

  it('isolated cap: at -20 % the short owes 1 000 USDT but pays its 501.5 of margin; the long receives 501.5', () => {
    const s = traders();
    openedLong(s);
    const d = fund(s, -20_000_000n);
    expect(perpLedgerEffect(d)).toEqual({ 'alice available': 501_500_000n, 'bob locked': -501_500_000n });
    expect(s.position('bob').isolatedMargin).toBe(0n);
    expect(d.answer([])).toMatchObject({ paid: 501_500_000n, received: 501_500_000n, remainder: 0n });
  });

  it('cross cap, pro rata: erin (997.5 available) owes 1 250 at +25 %; two shorts owed 625 each get 498.75 each', () => {
    const s = new PerpScenario({ erin: usdt(1_000n), bob: usdt(10_000n), carol: usdt(10_000n) });
    for (const d of [
      s.place(perpLimit('bob', Side.SELL, dollars(50_000n), 500n)),
      s.place(perpLimit('carol', Side.SELL, dollars(50_000n), 500n)),
      s.place(perpLimit('erin', Side.BUY, dollars(50_000n), 1000n)),
    ]) {
      if (d.kind !== 'accepted') throw d.error;
    }
    expect(s.ledger.available('erin')).toBe(997_500_000n);
    const d = fund(s, 25_000_000n);
    expect(perpLedgerEffect(d)).toEqual({ 'erin available': -997_500_000n, 'bob available': 498_750_000n, 'carol available': 498_750_000n });
    expect(s.ledger.available('erin')).toBe(0n);
  });

  it('cross cap, three shorts: each receipt x 997.5 / 1 250 (0.798), rounded down', () => {
    const s = new PerpScenario({ erin: usdt(1_000n), bob: usdt(10_000n), carol: usdt(10_000n), dave: usdt(10_000n) });
    for (const d of [
      s.place(perpLimit('bob', Side.SELL, dollars(50_000n), 333n)),
      s.place(perpLimit('carol', Side.SELL, dollars(50_000n), 333n)),
      s.place(perpLimit('dave', Side.SELL, dollars(50_000n), 334n)),
      s.place(perpLimit('erin', Side.BUY, dollars(50_000n), 1000n)),
    ]) {
      if (d.kind !== 'accepted') throw d.error;
    }
    const d = fund(s, 25_000_000n);
    // Owed: 416.25, 416.25, 417.5 (1665 x 50 000 x 0.25 ...); scaled by 997.5 / 1250 = 0.798, rounded down.
    expect(perpLedgerEffect(d)).toEqual({
      'erin available': -997_500_000n,
      'bob available': 332_167_500n,
      'carol available': 332_167_500n,
      'dave available': 333_165_000n,
    });
    const { paid, received, remainder } = d.answer([]);
    expect(paid).toBe(received + remainder);
  });

  it('no position, or a zero rate: nothing is posted, the funding time is still answered', () => {
    const s = traders();
    const d = fund(s, 10_000n);
    expect(d.intents).toEqual([]);
    expect(d.answer([])).toMatchObject({ positions: 0, paid: 0n });
    openedLong(s);
    expect(fund(s, 0n).intents).toEqual([]);
  });
});
