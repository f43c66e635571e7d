import fc from 'fast-check';
import { fundingRate, impactPrice, premiumSample, settleFunding } from './funding';
import { RATE_E8 } from './rates';

/** BTC-PERP's scales: price 0.1 USDT, quantity 0.001 BTC, USDT 6 decimals: notional = price x quantity x 100. */
const BTC = { unit: 100n };
const usdt = (n: bigint) => n * 1_000_000n;

describe('impact prices: the average price of an impact notional', () => {
  it('walks the asks best first and rounds an ask up, a bid down', () => {
    // 0.5 BTC at 95000.0 (47,500 USDT), then 1 BTC at 95010.0: 50,000 USDT takes 0.5 + 2,500 / 95,010 BTC.
    const asks = [
      [950_000n, 500n],
      [950_100n, 1_000n],
    ] as const;
    // 50,000 / (0.5 + 2,500 / 95,010) = 95,000.49995 USDT: 950,004.9995 price units, up to 950,005 (down to 950,004).
    expect(impactPrice(asks, usdt(50_000n), BTC, 'ASK')).toBe(950_005n);
    expect(impactPrice(asks, usdt(50_000n), BTC, 'BID')).toBe(950_004n);
    // Within the first level the average is that level's price, exactly.
    expect(impactPrice(asks, usdt(10_000n), BTC, 'ASK')).toBe(950_000n);
    expect(impactPrice(asks, usdt(1_000_000n), BTC, 'ASK')).toBeNull();
  });

  it('lies between the best and the worst price it touched', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.bigInt({ min: 1n, max: 10_000_000n }), fc.bigInt({ min: 1n, max: 10_000n })), { minLength: 1, maxLength: 8 }), fc.bigInt({ min: 1n, max: 10n ** 12n }), (raw, notional) => {
        const levels = [...raw].sort((a, b) => (a[0] < b[0] ? -1 : 1));
        const price = impactPrice(levels, notional, BTC, 'ASK');
        if (price === null) return;
        expect(price >= levels[0]![0]).toBe(true);
        expect(price <= levels[levels.length - 1]![0]).toBe(true);
      }),
    );
  });
});

describe('premium and funding rate (RATE_E8)', () => {
  it('measures the impact prices against the index', () => {
    // Index 95,000.0; impact bid 95,047.5 (0.05 % above): premium +0.05 %.
    expect(premiumSample(950_000n, 950_475n, 950_600n)).toBe(50_000n);
    // Impact ask 94,905.0 below the index: -0.1 %.
    expect(premiumSample(950_000n, 949_000n, 949_050n)).toBe(-100_000n);
    // Inside the spread around the index, or a side that cannot fill: no premium.
    expect(premiumSample(950_000n, 949_990n, 950_010n)).toBe(0n);
    expect(premiumSample(950_000n, null, null)).toBe(0n);
  });

  const terms = { interest: 10_000n, clampBand: 50_000n, cap: 750_000n };

  it('is the average premium plus the clamped interest difference, capped', () => {
    // A flat book: the interest rate, 0.01 %.
    expect(fundingRate([0n, 0n, 0n], terms)).toBe(10_000n);
    expect(fundingRate([], terms)).toBe(10_000n);
    // Average premium 0.03 %: 0.03 % + clamp(0.01 % - 0.03 %) = 0.01 %.
    expect(fundingRate([20_000n, 40_000n], terms)).toBe(10_000n);
    // Average premium 0.2 %: the band holds the difference at -0.05 %: 0.15 %.
    expect(fundingRate([200_000n], terms)).toBe(150_000n);
    // A large negative premium: -1 % + 0.05 % = -0.95 %, capped at -0.75 %.
    expect(fundingRate([-1_000_000n], terms)).toBe(-750_000n);
  });
});

describe('funding settlement', () => {
  it('longs pay shorts a positive rate, to the unit; the rounding goes to the platform', () => {
    // Mark 95,000.0; rate 0.01 %. Long 0.5 BTC pays 4.75 USDT; shorts of 0.3 and 0.2 receive 2.85 and 1.90.
    const s = settleFunding(
      [
        { userId: 'long', size: 500n },
        { userId: 'short-a', size: -300n },
        { userId: 'short-b', size: -200n },
      ],
      950_000n,
      10_000n,
      BTC,
    );
    expect(s).toEqual({ payments: [{ userId: 'long', amount: -4_750_000n }, { userId: 'short-a', amount: 2_850_000n }, { userId: 'short-b', amount: 1_900_000n }], remainder: 0n });
  });

  it('a negative rate makes shorts pay; a fraction of a unit is paid up and received down', () => {
    // Mark 95,000.3; rate -0.0123 %: 0.001 BTC is 95.0003 USDT, times 0.000123 = 0.01168503... USDT.
    const s = settleFunding([{ userId: 'long', size: 1n }, { userId: 'short', size: -1n }], 950_003n, -12_300n, BTC);
    expect(s.payments).toEqual([{ userId: 'long', amount: 11_685n }, { userId: 'short', amount: -11_686n }]);
    expect(s.remainder).toBe(1n);
  });

  it('never creates money: Σ paid = Σ received + remainder, the remainder under a unit per position', () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: 1n, max: 1_000_000n }), { minLength: 1, maxLength: 20 }),
        fc.bigInt({ min: 1n, max: 10_000_000n }),
        fc.bigInt({ min: -750_000n, max: 750_000n }),
        (longs, mark, rate) => {
          // Open interest balanced: the shorts mirror the longs, split differently.
          const total = longs.reduce((a, b) => a + b, 0n);
          const shorts = [total / 2n, total - total / 2n].filter((s) => s > 0n);
          const positions = [...longs.map((size, i) => ({ userId: `l${i}`, size })), ...shorts.map((size, i) => ({ userId: `s${i}`, size: -size }))];
          const { payments, remainder } = settleFunding(positions, mark, rate, BTC);
          const net = payments.reduce((a, p) => a + p.amount, 0n);
          expect(net + remainder).toBe(0n);
          expect(remainder >= 0n).toBe(true);
          expect(remainder < BigInt(positions.length)).toBe(true);
          for (const p of payments) {
            const size = positions.find((x) => x.userId === p.userId)!.size;
            const exact = (size < 0n ? -size : size) * mark * BTC.unit * (rate < 0n ? -rate : rate);
            const magnitude = p.amount < 0n ? -p.amount : p.amount;
            expect(magnitude * RATE_E8 - exact > -RATE_E8 && magnitude * RATE_E8 - exact < RATE_E8).toBe(true);
          }
        },
      ),
    );
  });
});
