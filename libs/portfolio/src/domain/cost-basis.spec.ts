import fc from 'fast-check';
import { CostBasis, EMPTY_COST_BASIS, acquire, dispose, heldCost } from './cost-basis';
import { CASH_PRICE, averageCost, pnlPercent, valueDown, valueUp } from './valuation';

/** BTC has 8 decimals, USDT (the valuation currency) 6. */
const BTC = (text: string) => BigInt(text.replace('.', '').replace(/^0+(?=\d)/, ''));
const noUntracked = () => {
  throw new Error('no untracked quantity expected');
};

describe('cost basis (average cost)', () => {
  it('a buy adds its quantity and its cost including the fee', () => {
    // 0.1 BTC at 95 000 = 9 500 USDT, taker fee 0.1 % = 9.5 USDT.
    const basis = acquire(EMPTY_COST_BASIS, 10_000_000n, 9_500_000_000n + 9_500_000n);
    expect(basis).toEqual({ quantity: 10_000_000n, cost: 9_509_500_000n, realizedPnl: 0n });
    expect(averageCost(basis.cost, basis.quantity, 8)).toBe(95_095_000_000n);
  });

  it('a second buy averages the cost', () => {
    const basis = acquire(acquire(EMPTY_COST_BASIS, 100_000_000n, 100_000_000n), 100_000_000n, 300_000_000n);
    expect(basis).toEqual({ quantity: 200_000_000n, cost: 400_000_000n, realizedPnl: 0n });
    expect(averageCost(basis.cost, basis.quantity, 8)).toBe(200_000_000n);
  });

  it('a partial sell removes the quantity at the average cost and realizes proceeds minus that cost', () => {
    // 1 BTC for 100 USDT, sell 0.25 BTC for 40 USDT net of fee: removed cost 25, realized +15.
    const sale = dispose({ quantity: BTC('1.00000000'), cost: 100_000_000n, realizedPnl: 0n }, BTC('0.25000000'), 40_000_000n, noUntracked);
    expect(sale.removedCost).toBe(25_000_000n);
    expect(sale.realized).toBe(15_000_000n);
    expect(sale.basis).toEqual({ quantity: 75_000_000n, cost: 75_000_000n, realizedPnl: 15_000_000n });
  });

  it('a sale at a loss realizes a negative PnL', () => {
    const sale = dispose({ quantity: 100n, cost: 1_000n, realizedPnl: 5n }, 50n, 400n, noUntracked);
    expect(sale.realized).toBe(-100n);
    expect(sale.basis).toEqual({ quantity: 50n, cost: 500n, realizedPnl: -95n });
  });

  it('rounds the cost left down and the removed cost up, so the average never rises through rounding', () => {
    // 3 units cost 10: selling 1 leaves floor(10 x 2 / 3) = 6, removes 4 (3.33... rounded up).
    const sale = dispose({ quantity: 3n, cost: 10n, realizedPnl: 0n }, 1n, 4n, noUntracked);
    expect(sale.removedCost).toBe(4n);
    expect(sale.basis.cost).toBe(6n);
    expect(sale.realized).toBe(0n);
  });

  it('selling everything removes the cost to the last unit', () => {
    const sale = dispose({ quantity: 7n, cost: 1_000_003n, realizedPnl: 0n }, 7n, 1_000_000n, noUntracked);
    expect(sale.basis).toEqual({ quantity: 0n, cost: 0n, realizedPnl: -3n });
  });

  it('prices quantity the trades do not account for (a deposit) at the caller\'s mark before selling it', () => {
    // Holds 1 unit bought for 10; sells 3, 2 of which were deposited and are worth 12 each now.
    const sale = dispose({ quantity: 1n, cost: 10n, realizedPnl: 0n }, 3n, 45n, (missing) => missing * 12n);
    expect(sale.removedCost).toBe(34n);
    expect(sale.realized).toBe(11n);
    expect(sale.basis).toEqual({ quantity: 0n, cost: 0n, realizedPnl: 11n });
  });

  it('the held cost follows the wallet: proportional after a withdrawal, plus the mark value of a deposit', () => {
    const basis: CostBasis = { quantity: 4n, cost: 10n, realizedPnl: 0n };
    expect(heldCost(basis, 4n, noUntracked)).toBe(10n);
    expect(heldCost(basis, 3n, noUntracked)).toBe(7n);
    expect(heldCost(basis, 0n, noUntracked)).toBe(0n);
    expect(heldCost(basis, 6n, (extra) => extra * 5n)).toBe(20n);
  });

  it('refuses nonsense inputs (programming errors)', () => {
    expect(() => acquire(EMPTY_COST_BASIS, 0n, 1n)).toThrow(RangeError);
    expect(() => acquire(EMPTY_COST_BASIS, 1n, -1n)).toThrow(RangeError);
    expect(() => dispose(EMPTY_COST_BASIS, 0n, 1n, noUntracked)).toThrow(RangeError);
  });

  describe('properties', () => {
    const amount = fc.bigInt({ min: 1n, max: 10n ** 20n });
    const trade = fc.record({ buy: fc.boolean(), quantity: amount, money: fc.bigInt({ min: 0n, max: 10n ** 24n }) });

    it('over any sequence of trades: quantity is conserved, nothing goes negative, the cost left is the exact proportional cost rounded down', () => {
      fc.assert(
        fc.property(fc.array(trade, { maxLength: 40 }), fc.bigInt({ min: 0n, max: 10n ** 12n }), (trades, markPerUnit) => {
          let basis = EMPTY_COST_BASIS;
          let bought = 0n;
          let sold = 0n;
          let realized = 0n;
          for (const t of trades) {
            if (t.buy) {
              basis = acquire(basis, t.quantity, t.money);
              bought += t.quantity;
              continue;
            }
            const prior = basis;
            const missing = t.quantity > prior.quantity ? t.quantity - prior.quantity : 0n;
            const sale = dispose(prior, t.quantity, t.money, (m) => m * markPerUnit);
            bought += missing;
            sold += t.quantity;
            realized += sale.realized;
            const cost = prior.cost + missing * markPerUnit;
            const quantity = prior.quantity + missing;
            // cost left = floor(cost x left / quantity), exactly.
            expect(sale.basis.cost).toBe((cost * sale.basis.quantity) / quantity);
            expect(sale.removedCost + sale.basis.cost).toBe(cost);
            expect(sale.realized).toBe(t.money - sale.removedCost);
            // The average cost of what is left never exceeds the one before.
            if (sale.basis.quantity > 0n) expect(sale.basis.cost * quantity <= cost * sale.basis.quantity).toBe(true);
            basis = sale.basis;
          }
          expect(basis.quantity).toBe(bought - sold);
          expect(basis.quantity >= 0n && basis.cost >= 0n).toBe(true);
          expect(basis.realizedPnl).toBe(realized);
          if (basis.quantity === 0n) expect(basis.cost).toBe(0n);
        }),
      );
    });

    it('a full liquidation in any split realizes exactly total proceeds minus total cost', () => {
      fc.assert(
        fc.property(
          fc.array(fc.tuple(amount, fc.bigInt({ min: 0n, max: 10n ** 24n })), { minLength: 1, maxLength: 10 }),
          fc.array(fc.tuple(amount, fc.bigInt({ min: 0n, max: 10n ** 24n })), { maxLength: 10 }),
          (buys, sells) => {
            let basis = EMPTY_COST_BASIS;
            for (const [q, c] of buys) basis = acquire(basis, q, c);
            const totalCost = basis.cost;
            let proceeds = 0n;
            for (const [s, p] of sells) {
              if (basis.quantity <= 1n) break;
              basis = dispose(basis, (s % (basis.quantity - 1n)) + 1n, p, noUntracked).basis;
              proceeds += p;
            }
            basis = dispose(basis, basis.quantity, 7n, noUntracked).basis;
            expect(basis).toEqual({ quantity: 0n, cost: 0n, realizedPnl: proceeds + 7n - totalCost });
          },
        ),
      );
    });

    it('held cost is monotonic in the held quantity and equals the cost at the tracked quantity', () => {
      fc.assert(
        fc.property(amount, fc.bigInt({ min: 0n, max: 10n ** 24n }), amount, amount, (q, c, a, b) => {
          const basis = { quantity: q, cost: c, realizedPnl: 0n };
          const low = a < b ? a : b;
          const high = a < b ? b : a;
          const mark = (x: bigint) => (x * c) / q;
          expect(heldCost(basis, low, mark) <= heldCost(basis, high, mark)).toBe(true);
          expect(heldCost(basis, q, mark)).toBe(c);
        }),
      );
    });
  });
});

describe('valuation', () => {
  it('values 0.1 BTC at a mark of 95 000.3 (price scale 1) exactly, rounding down below 10^-6 USDT', () => {
    expect(valueDown(10_000_000n, 8, { units: 950_003n, scale: 1 })).toBe(9_500_030_000n);
    // 1 satoshi at 95 000.3 = 0.000950003 USDT -> 0.000950 down, 0.000951 up.
    expect(valueDown(1n, 8, { units: 950_003n, scale: 1 })).toBe(950n);
    expect(valueUp(1n, 8, { units: 950_003n, scale: 1 })).toBe(951n);
  });

  it('takes cash at one valuation unit per unit, converting decimals', () => {
    expect(valueDown(1_234_567n, 6, CASH_PRICE)).toBe(1_234_567n);
    expect(valueDown(1_234_567n, 8, CASH_PRICE)).toBe(12_345n);
    expect(valueUp(1_234_567n, 8, CASH_PRICE)).toBe(12_346n);
    expect(valueDown(123n, 2, CASH_PRICE)).toBe(1_230_000n);
  });

  it('reports the PnL percentage with 2 decimals, truncated toward zero', () => {
    expect(pnlPercent(1n, 3n)).toBe('33.33');
    expect(pnlPercent(-1n, 3n)).toBe('-33.33');
    expect(pnlPercent(-1n, 1_000_000n)).toBe('0.00');
    expect(pnlPercent(5n, 0n)).toBeNull();
  });
});
