import { checkClearing, checkLockedFunds, checkOpenInterest } from './reconcile-checks';

const USER = '11111111-1111-4111-8111-111111111111';
const OTHER = '22222222-2222-4222-8222-222222222222';
const decimals = (asset: string) => ({ USDT: 6, BTC: 8, USD: 2 })[asset] ?? 0;

describe('checkLockedFunds', () => {
  it('accepts locked = order holds + pending withdrawals + isolated margin, per owner, kind and asset', () => {
    const section = checkLockedFunds(
      [
        { ownerId: USER, kind: 'SPOT', asset: 'USDT', locked: 150_210_000n, pendingWithdrawals: 45_000_000n },
        { ownerId: USER, kind: 'MARGIN', asset: 'USDT', locked: 30_000_000n, pendingWithdrawals: 0n },
        { ownerId: OTHER, kind: 'SPOT', asset: 'BTC', locked: 50_000_000n, pendingWithdrawals: 0n },
      ],
      [
        { userId: USER, account: 'SPOT', asset: 'USDT', held: 105_210_000n, symbols: ['BTC-USDT'] },
        { userId: USER, account: 'MARGIN', asset: 'USDT', held: 10_000_000n, symbols: ['BTC-PERP'] },
        { userId: OTHER, account: 'SPOT', asset: 'BTC', held: 50_000_000n, symbols: ['BTC-USDT'] },
      ],
      [{ userId: USER, asset: 'USDT', margin: 20_000_000n }],
      decimals,
    );
    expect(section).toEqual({ accounts: 3, mismatches: [] });
  });

  it('reports a locked balance off by one unit, with what explains it and the markets holding', () => {
    const section = checkLockedFunds(
      [{ ownerId: USER, kind: 'SPOT', asset: 'USDT', locked: 105_210_001n, pendingWithdrawals: 0n }],
      [
        { userId: USER, account: 'SPOT', asset: 'USDT', held: 100_000_000n, symbols: ['BTC-USDT'] },
        { userId: USER, account: 'SPOT', asset: 'USDT', held: 5_210_000n, symbols: ['ETH-USDT', 'BTC-USDT'] },
      ],
      [],
      decimals,
    );
    expect(section.mismatches).toEqual([
      {
        ownerId: USER,
        kind: 'SPOT',
        asset: 'USDT',
        locked: '105.210001',
        expected: '105.210000',
        orderHolds: '105.210000',
        pendingWithdrawals: '0.000000',
        isolatedMargin: '0.000000',
        symbols: ['BTC-USDT', 'ETH-USDT'],
      },
    ]);
  });

  it('reports holds or margin with nothing locked, and something locked for nothing, sorted by owner, kind, asset', () => {
    const section = checkLockedFunds(
      [{ ownerId: OTHER, kind: 'SPOT', asset: 'BTC', locked: 1n, pendingWithdrawals: 0n }],
      [{ userId: USER, account: 'SPOT', asset: 'USDT', held: 2_000_000n, symbols: ['BTC-USDT'] }],
      [{ userId: USER, asset: 'USD', margin: 1250n }],
      decimals,
    );
    expect(section.mismatches.map((m) => [m.ownerId, m.kind, m.asset, m.locked, m.expected])).toEqual([
      [USER, 'MARGIN', 'USD', '0.00', '12.50'],
      [USER, 'SPOT', 'USDT', '0.000000', '2.000000'],
      [OTHER, 'SPOT', 'BTC', '0.00000001', '0.00000000'],
    ]);
    expect(section.accounts).toBe(3);
  });

  it('does not mix a SPOT hold into the MARGIN account of the same asset', () => {
    const section = checkLockedFunds(
      [{ ownerId: USER, kind: 'MARGIN', asset: 'USDT', locked: 7_000_000n, pendingWithdrawals: 0n }],
      [{ userId: USER, account: 'SPOT', asset: 'USDT', held: 7_000_000n, symbols: ['BTC-USDT'] }],
      [],
      decimals,
    );
    expect(section.mismatches.map((m) => `${m.kind} ${m.locked}/${m.expected}`)).toEqual(['MARGIN 7.000000/0.000000', 'SPOT 0.000000/7.000000']);
  });
});

describe('checkOpenInterest', () => {
  it('says per market whether longs equal shorts, at the market\'s quantity scale', () => {
    const totals = (symbol: string, long: bigint, short: bigint) => ({ symbol, asset: 'USD', long, short, longEntryValue: 0n, shortEntryValue: 0n });
    expect(checkOpenInterest([totals('ZZ-PERP', 150n, 150n), totals('AAPL-PERP', 250n, 150n)], (s) => (s === 'AAPL-PERP' ? 2 : 3))).toEqual([
      { symbol: 'AAPL-PERP', long: '2.50', short: '1.50', balanced: false },
      { symbol: 'ZZ-PERP', long: '0.150', short: '0.150', balanced: true },
    ]);
  });
});

describe('checkClearing', () => {
  const market = (symbol: string, asset: string, longEntryValue: bigint, shortEntryValue: bigint) => ({ symbol, asset, long: 1n, short: 1n, longEntryValue, shortEntryValue });

  it('expects Σ entry value of shorts − Σ entry value of longs over the markets of the asset', () => {
    // (23 100 + 17 400) − (23 000 + 17 500) = 0 over both markets of USD; AAPL-PERP alone: 23 100 − 23 000 = 1.00.
    expect(checkClearing([market('AAPL-PERP', 'USD', 23_000n, 23_100n), market('GOOGL-PERP', 'USD', 17_500n, 17_400n)], [{ asset: 'USD', balance: 0n }], decimals)).toEqual([
      { asset: 'USD', clearing: '0.00', expected: '0.00', balanced: true },
    ]);
    expect(checkClearing([market('AAPL-PERP', 'USD', 23_000n, 23_100n)], [{ asset: 'USD', balance: 100n }], decimals)).toEqual([
      { asset: 'USD', clearing: '1.00', expected: '1.00', balanced: true },
    ]);
  });

  it('reports a CLEARING balance that open positions do not explain, and open positions without a CLEARING account', () => {
    expect(checkClearing([market('BTC-PERP', 'USDT', 50_000_000_000n, 49_000_000_000n)], [{ asset: 'USD', balance: -1n }], decimals)).toEqual([
      { asset: 'USD', clearing: '-0.01', expected: '0.00', balanced: false },
      { asset: 'USDT', clearing: '0.000000', expected: '-1000.000000', balanced: false },
    ]);
  });
});
