import type { ReconcileReport } from '@lib/wallet';
import { MarketRef, affectedMarkets, haltReason, marketsToHalt, nextHandled } from './affected-markets';

const MARKETS: MarketRef[] = [
  { symbol: 'BTC-USDT', kind: 'SPOT', status: 'TRADING', base: 'BTC', quote: 'USDT' },
  { symbol: 'ETH-BTC', kind: 'SPOT', status: 'TRADING', base: 'ETH', quote: 'BTC' },
  { symbol: 'ETH-USDT', kind: 'SPOT', status: 'HALTED', base: 'ETH', quote: 'USDT' },
  { symbol: 'BTC-PERP', kind: 'PERPETUAL', status: 'TRADING', base: 'BTC', quote: 'USDT' },
  { symbol: 'AAPL-PERP', kind: 'PERPETUAL', status: 'TRADING', base: 'AAPL', quote: 'USD' },
];
const CLEAN: ReconcileReport = { ok: true, assets: [{ asset: 'USDT', postingsSum: '0.000000', postings: 10, balanced: true }], mismatchedAccounts: [], negativeBalances: [] };
const USER = '11111111-1111-4111-8111-111111111111';
const none = { ledger: CLEAN, locked: [], openInterest: [], clearing: [] };
const locked = (kind: string, asset: string) => ({ ownerId: USER, kind, asset, locked: '1.01', expected: '1.00', orderHolds: '1.00', pendingWithdrawals: '0.00', isolatedMargin: '0.00', symbols: [] });

describe('affectedMarkets', () => {
  it('implicates nothing when every check passes', () => {
    expect(affectedMarkets({ ...none, openInterest: [{ symbol: 'BTC-PERP', long: '1', short: '1', balanced: true }] }, MARKETS)).toEqual(new Map());
  });

  it('a SPOT account: the spot markets trading its asset as base or quote; a MARGIN account: the perpetuals settling in it', () => {
    expect([...affectedMarkets({ ...none, locked: [locked('SPOT', 'BTC')] }, MARKETS).keys()]).toEqual(['BTC-USDT', 'ETH-BTC']);
    expect([...affectedMarkets({ ...none, locked: [locked('MARGIN', 'USDT')] }, MARKETS).keys()]).toEqual(['BTC-PERP']);
    expect(affectedMarkets({ ...none, locked: [locked('SPOT', 'USDT')] }, MARKETS).get('BTC-USDT')).toEqual([`SPOT USDT of ${USER}: locked 1.01, expected 1.00`]);
  });

  it('open interest: that perpetual; clearing: the perpetuals of the asset', () => {
    const found = affectedMarkets(
      { ...none, openInterest: [{ symbol: 'AAPL-PERP', long: '2.50', short: '1.50', balanced: false }], clearing: [{ asset: 'USD', clearing: '0.00', expected: '-1.00', balanced: false }] },
      MARKETS,
    );
    expect(found).toEqual(new Map([['AAPL-PERP', ['AAPL-PERP open interest: long 2.50, short 1.50', 'CLEARING USD: 0.00, expected -1.00']]]));
  });

  it('an unbalanced asset or a system account: every market trading or settling in it; a user account off its postings: by its kind', () => {
    const ledger: ReconcileReport = {
      ok: false,
      assets: [{ asset: 'BTC', postingsSum: '0.00000001', postings: 3, balanced: false }],
      mismatchedAccounts: [{ accountId: 'a', ownerId: USER, kind: 'MARGIN', asset: 'USD', available: '1.00', locked: '0.00', postedAvailable: '0.00', postedLocked: '0.00' }],
      negativeBalances: [{ accountId: 'b', ownerId: '00000000-0000-0000-0000-000000000000', kind: 'FEES', asset: 'USDT', available: '-0.000001', locked: '0.000000' }],
    };
    expect([...affectedMarkets({ ...none, ledger }, MARKETS).keys()]).toEqual(['AAPL-PERP', 'BTC-PERP', 'BTC-USDT', 'ETH-BTC', 'ETH-USDT']);
  });
});

describe('halting', () => {
  const statusOf = (symbol: string) => MARKETS.find((m) => m.symbol === symbol)?.status;

  it('halts the implicated markets that trade, once while they stay implicated, and again when a failed halt or a new finding asks', () => {
    const affected = ['BTC-USDT', 'ETH-USDT', 'NOPE-USDT'];
    expect(marketsToHalt(affected, statusOf, new Set())).toEqual(['BTC-USDT']);
    // The halt of BTC-USDT failed: not handled, tried again.
    expect(nextHandled(affected, statusOf, new Set(), [])).toEqual(new Set(['ETH-USDT']));
    const handled = nextHandled(affected, statusOf, new Set(), ['BTC-USDT']);
    expect(handled).toEqual(new Set(['BTC-USDT', 'ETH-USDT']));
    // An admin reopened BTC-USDT while the finding stands: not halted again for it.
    const reopened = (symbol: string) => (symbol === 'BTC-USDT' ? 'TRADING' : statusOf(symbol));
    expect(marketsToHalt(affected, reopened, handled)).toEqual([]);
    // The finding cleared, then came back: halted again.
    const cleared = nextHandled([], reopened, handled, []);
    expect(marketsToHalt(['BTC-USDT'], reopened, cleared)).toEqual(['BTC-USDT']);
  });

  it('names the first three findings in the reason', () => {
    expect(haltReason(['a', 'b'])).toBe('reconciliation mismatch: a; b');
    expect(haltReason(['a', 'b', 'c', 'd', 'e'])).toBe('reconciliation mismatch: a; b; c; and 2 more');
  });
});
