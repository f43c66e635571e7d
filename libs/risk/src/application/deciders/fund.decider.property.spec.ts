import fc from 'fast-check';
import type { Facts, MarketView } from '@lib/orders';
import { PERP } from '@lib/orders/testing';
import type { PositionRecord } from '@lib/positions';
import { RATE_E8 } from '../../domain';
import { decideFunding, notionalUnit } from './fund.decider';

const row = (userId: string, size: bigint, isolated: boolean, isolatedMargin: bigint): PositionRecord => ({
  userId,
  symbol: PERP.symbol,
  asset: PERP.quote,
  leverage: 10,
  marginMode: isolated ? 'ISOLATED' : 'CROSS',
  isolatedMargin: isolated ? isolatedMargin : 0n,
  position: { size, entryValue: 1n, realizedPnl: 0n },
  fees: 0n,
  openedQuantity: 0n,
  openedValue: 0n,
  closedQuantity: 0n,
  closedValue: 0n,
  openedAt: null,
  updatedAt: new Date(0),
  version: 1,
});

const trader = fc.record({
  size: fc.bigInt({ min: -100_000n, max: 100_000n }).filter((n) => n !== 0n),
  isolated: fc.boolean(),
  margin: fc.bigInt({ min: 0n, max: 10n ** 10n }),
  available: fc.bigInt({ min: 0n, max: 10n ** 10n }),
});

describe('FUND: properties', () => {
  it('Σ paid = Σ received + remainder, remainder >= 0, no balance negative, no payment above its exact share', () => {
    fc.assert(
      fc.property(
        fc.array(trader, { minLength: 0, maxLength: 12 }),
        fc.bigInt({ min: -RATE_E8, max: RATE_E8 }),
        fc.bigInt({ min: 1n, max: 10_000_000n }),
        (traders, rate, mark) => {
          const rows = traders.map((t, i) => row(`u${i}`, t.size, t.isolated, t.margin));
          const available = new Map(traders.map((t, i) => [`u${i}`, t.available]));
          const market = { openPositions: () => rows } as unknown as MarketView;
          const facts = { now: new Date(0), availableOf: (ref: { userId: string }) => available.get(ref.userId) } as unknown as Facts;
          const d = decideFunding(PERP, new Date(0), rate, mark, market, facts);
          if (d.kind !== 'accepted') throw d.error;
          const outcome = d.answer([]);
          expect(outcome.remainder).toBeGreaterThanOrEqual(0n);
          expect(outcome.paid).toBe(outcome.received + outcome.remainder);
          const payments = d.intents.flatMap((i) => (i.kind === 'PAY_FUNDING' ? i.payments : []));
          const remainder = d.intents.reduce((a, i) => a + (i.kind === 'PAY_FUNDING' ? i.remainder : 0n), 0n);
          expect(payments.reduce((a, p) => a + p.amount, 0n) + remainder).toBe(0n);
          for (const [i, t] of traders.entries()) {
            const amount = payments.find((p) => p.userId === `u${i}`)?.amount ?? 0n;
            const exact = (t.size < 0n ? -t.size : t.size) * mark * notionalUnit(PERP) * (rate < 0n ? -rate : rate);
            // Within its exact share (a payment at most one unit above it), and never past its balance.
            expect(amount * RATE_E8 >= -(exact + RATE_E8) && amount * RATE_E8 <= exact).toBe(true);
            if (amount < 0n) expect(-amount).toBeLessThanOrEqual(t.isolated ? t.margin : t.available);
          }
          for (const p of d.positions ?? []) expect(p.isolatedMargin).toBeGreaterThanOrEqual(0n);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('FUND: a payer whose funds were not read', () => {
  it('refuses FUNDING_NOT_READY and writes nothing (the settler sends it again with the account declared)', () => {
    const rows = [row('long', 1000n, false, 0n), row('short', -1000n, true, 10n ** 9n)];
    const market = { openPositions: () => rows } as unknown as MarketView;
    const facts = { now: new Date(0), availableOf: () => undefined } as unknown as Facts;
    const d = decideFunding(PERP, new Date(0), 10_000n, 5_000_000n, market, facts);
    expect(d.kind === 'refused' && (d.error as { code?: string }).code).toBe('FUNDING_NOT_READY');
    // A receiver's funds are never needed: at a negative rate the cross long receives without them.
    expect(decideFunding(PERP, new Date(0), -10_000n, 5_000_000n, market, facts).kind).toBe('accepted');
  });
});
