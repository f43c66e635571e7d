import fc from 'fast-check';
import { Bucket, LedgerEntryType, LedgerTransaction, Posting, SystemAccountKind, UserAccountKind, accountKey, systemAccount, userAccount } from '../../domain';
import { LedgerIntent, PerpTradeLeg, SettlePerpTrades, entryOf, fundsTakenBy } from './ledger-intents';

const SPOT = UserAccountKind.SPOT;
const spot = (userId: string, asset: string) => userAccount(userId, SPOT, asset);

describe('ledger intents: the wallet turns each into one balanced ledger transaction', () => {
  it.each<[string, LedgerIntent, { type: LedgerEntryType; reference: string; postings: Posting[]; metadata?: Record<string, string> }]>([
    [
      'a hold for an order locks it from available',
      { kind: 'HOLD_FOR_ORDER', orderId: 'o1', userId: 'u1', account: SPOT, asset: 'USDT', amount: 5_010_000_000n },
      {
        type: LedgerEntryType.HOLD,
        reference: 'order:o1:hold',
        postings: [
          { account: spot('u1', 'USDT'), bucket: Bucket.AVAILABLE, amount: -5_010_000_000n },
          { account: spot('u1', 'USDT'), bucket: Bucket.LOCKED, amount: 5_010_000_000n },
        ],
      },
    ],
    [
      'a hold that shrinks on an amend is a release',
      { kind: 'CHANGE_ORDER_HOLD', orderId: 'o1', changeId: 'a1', userId: 'u1', account: SPOT, asset: 'USDT', change: -1_002_000_000n },
      {
        type: LedgerEntryType.RELEASE,
        reference: 'order:o1:amend:a1',
        postings: [
          { account: spot('u1', 'USDT'), bucket: Bucket.AVAILABLE, amount: 1_002_000_000n },
          { account: spot('u1', 'USDT'), bucket: Bucket.LOCKED, amount: -1_002_000_000n },
        ],
      },
    ],
    [
      'the release of an ended order, once per end',
      { kind: 'RELEASE_ORDER_HOLD', symbol: 'BTC-USDT', orderId: 'o1', endedAs: 'CANCELED', userId: 'u1', account: SPOT, asset: 'BTC', amount: 10_000_000n },
      {
        type: LedgerEntryType.RELEASE,
        reference: 'order:o1:release:CANCELED',
        postings: [
          { account: spot('u1', 'BTC'), bucket: Bucket.LOCKED, amount: -10_000_000n },
          { account: spot('u1', 'BTC'), bucket: Bucket.AVAILABLE, amount: 10_000_000n },
        ],
        metadata: { symbol: 'BTC-USDT', orderId: 'o1' },
      },
    ],
    [
      'a spot trade: quote and fee from the buyer\'s hold, base from the seller\'s, both fees to FEES, the change released',
      {
        kind: 'SETTLE_SPOT_TRADES',
        symbol: 'BTC-USDT',
        orderId: 'o2',
        firstTradeId: '41',
        base: 'BTC',
        quote: 'USDT',
        trades: [{ buyerId: 'alice', sellerId: 'bob', base: 10_000_000n, quote: 4_900_000_000n, buyerFee: 9_800_000n, sellerFee: 4_900_000n }],
        releases: [{ userId: 'alice', asset: 'USDT', amount: 100_200_000n }],
      },
      {
        type: LedgerEntryType.TRADE,
        reference: 'trades:41',
        postings: [
          { account: spot('alice', 'USDT'), bucket: Bucket.LOCKED, amount: -4_909_800_000n },
          { account: spot('alice', 'BTC'), bucket: Bucket.AVAILABLE, amount: 10_000_000n },
          { account: spot('bob', 'BTC'), bucket: Bucket.LOCKED, amount: -10_000_000n },
          { account: spot('bob', 'USDT'), bucket: Bucket.AVAILABLE, amount: 4_895_100_000n },
          { account: systemAccount(SystemAccountKind.FEES, 'USDT'), bucket: Bucket.AVAILABLE, amount: 14_700_000n },
          { account: spot('alice', 'USDT'), bucket: Bucket.LOCKED, amount: -100_200_000n },
          { account: spot('alice', 'USDT'), bucket: Bucket.AVAILABLE, amount: 100_200_000n },
        ],
        metadata: { symbol: 'BTC-USDT', orderId: 'o2' },
      },
    ],
  ])('%s', (_name, intent, entry) => {
    // Balanced per asset, no zero leg: entryOf builds it through the ledger's own checks.
    const { type, reference, postings, metadata } = entryOf(intent);
    expect({ type, reference, postings, metadata }).toEqual({ metadata: {}, ...entry });
  });

  it('a trade with no fee (a zero-fee market) has no zero legs', () => {
    const entry = entryOf({
      kind: 'SETTLE_SPOT_TRADES',
      symbol: 'X-Y',
      orderId: 'o',
      firstTradeId: '1',
      base: 'X',
      quote: 'Y',
      trades: [{ buyerId: 'a', sellerId: 'b', base: 5n, quote: 7n, buyerFee: 0n, sellerFee: 0n }],
      releases: [],
    });
    expect(entry.postings.map((p) => p.amount)).toEqual([-7n, 5n, -5n, 7n]);
  });

  it('takes from available funds only what a hold or a growing hold locks', () => {
    expect(fundsTakenBy({ kind: 'HOLD_FOR_ORDER', orderId: 'o', userId: 'u', account: SPOT, asset: 'USDT', amount: 3n })).toMatchObject({ userId: 'u', asset: 'USDT', amount: 3n });
    expect(fundsTakenBy({ kind: 'CHANGE_ORDER_HOLD', orderId: 'o', changeId: 'c', userId: 'u', account: SPOT, asset: 'USDT', change: 2n })).toMatchObject({ amount: 2n });
    expect(fundsTakenBy({ kind: 'CHANGE_ORDER_HOLD', orderId: 'o', changeId: 'c', userId: 'u', account: SPOT, asset: 'USDT', change: -2n })).toBeNull();
    expect(fundsTakenBy({ kind: 'RELEASE_ORDER_HOLD', symbol: 'S', orderId: 'o', endedAs: 'FILLED', userId: 'u', account: SPOT, asset: 'USDT', amount: 2n })).toBeNull();
  });
});

describe('perpetual intents: MARGIN accounts, realized PnL through CLEARING (docs/positions.md, "Money")', () => {
  const MARGIN = UserAccountKind.MARGIN;
  const margin = (userId: string) => userAccount(userId, MARGIN, 'USDT');
  const clearing = systemAccount(SystemAccountKind.CLEARING, 'USDT');
  const fees = systemAccount(SystemAccountKind.FEES, 'USDT');
  const leg = (userId: string, holdSpent: bigint, isolatedMarginChange: bigint, realizedPnl: bigint, fee: bigint): PerpTradeLeg => ({ userId, holdSpent, isolatedMarginChange, realizedPnl, fee });
  const settle = (legs: PerpTradeLeg[], releases: SettlePerpTrades['releases'] = []): SettlePerpTrades => ({
    kind: 'SETTLE_PERP_TRADES',
    symbol: 'BTC-PERP',
    orderId: 'o9',
    firstTradeId: '77',
    asset: 'USDT',
    legs,
    releases,
  });
  /** Sum of the postings per asset: all zero in a balanced transaction. */
  const sumsByAsset = (entry: LedgerTransaction) => {
    const sums = new Map<string, bigint>();
    for (const p of entry.postings) sums.set(p.account.asset, (sums.get(p.account.asset) ?? 0n) + p.amount);
    return [...sums.values()];
  };

  it.each<[string, SettlePerpTrades, Posting[]]>([
    [
      '(a) a cross open: the hold spent comes back to AVAILABLE less the fee; nothing to CLEARING',
      settle([leg('alice', 1_000_000n, 0n, 0n, 2_500n)]),
      [
        { account: margin('alice'), bucket: Bucket.LOCKED, amount: -1_000_000n },
        { account: margin('alice'), bucket: Bucket.AVAILABLE, amount: 997_500n },
        { account: fees, bucket: Bucket.AVAILABLE, amount: 2_500n },
      ],
    ],
    [
      '(b) an isolated close with a loss (its margin released, the loss to CLEARING) against an isolated open (the hold stays LOCKED as margin)',
      // bob: reduces, holds nothing; releases all 2.0 of margin; loses 0.3. alice: 1.0025 held, 1.0 margin + 0.0025 fee, AVAILABLE unchanged.
      settle([leg('bob', 0n, -2_000_000n, -300_000n, 1_500n), leg('alice', 1_002_500n, 1_000_000n, 0n, 2_500n)]),
      [
        { account: margin('bob'), bucket: Bucket.LOCKED, amount: -2_000_000n },
        { account: margin('bob'), bucket: Bucket.AVAILABLE, amount: 1_698_500n },
        { account: clearing, bucket: Bucket.AVAILABLE, amount: 300_000n },
        { account: fees, bucket: Bucket.AVAILABLE, amount: 1_500n },
        { account: margin('alice'), bucket: Bucket.LOCKED, amount: -2_500n },
        { account: fees, bucket: Bucket.AVAILABLE, amount: 2_500n },
      ],
    ],
    [
      '(c) a cross close with a profit (paid by CLEARING) against a cross open, and the release of the order the pass ended',
      settle([leg('carol', 0n, 0n, 500_000n, 1_000n), leg('dave', 600_000n, 0n, 0n, 600n)], [{ userId: 'dave', asset: 'USDT', amount: 40_000n }]),
      [
        { account: margin('carol'), bucket: Bucket.AVAILABLE, amount: 499_000n },
        { account: clearing, bucket: Bucket.AVAILABLE, amount: -500_000n },
        { account: fees, bucket: Bucket.AVAILABLE, amount: 1_000n },
        { account: margin('dave'), bucket: Bucket.LOCKED, amount: -600_000n },
        { account: margin('dave'), bucket: Bucket.AVAILABLE, amount: 599_400n },
        { account: fees, bucket: Bucket.AVAILABLE, amount: 600n },
        { account: margin('dave'), bucket: Bucket.LOCKED, amount: -40_000n },
        { account: margin('dave'), bucket: Bucket.AVAILABLE, amount: 40_000n },
      ],
    ],
  ])('%s', (_name, intent, postings) => {
    const entry = entryOf(intent);
    expect({ type: entry.type, reference: entry.reference, postings: entry.postings, metadata: entry.metadata }).toEqual({
      type: LedgerEntryType.TRADE,
      reference: 'trades:77',
      postings,
      metadata: { symbol: 'BTC-PERP', orderId: 'o9' },
    });
    expect(sumsByAsset(entry)).toEqual([0n]);
  });

  it.each<[string, bigint, LedgerEntryType, Posting[]]>([
    ['adds margin: AVAILABLE to LOCKED', 250_000n, LedgerEntryType.HOLD, [
      { account: margin('alice'), bucket: Bucket.AVAILABLE, amount: -250_000n },
      { account: margin('alice'), bucket: Bucket.LOCKED, amount: 250_000n },
    ]],
    ['removes margin: LOCKED back to AVAILABLE', -100_000n, LedgerEntryType.RELEASE, [
      { account: margin('alice'), bucket: Bucket.AVAILABLE, amount: 100_000n },
      { account: margin('alice'), bucket: Bucket.LOCKED, amount: -100_000n },
    ]],
  ])('MOVE_ISOLATED_MARGIN %s', (_name, amount, type, postings) => {
    const entry = entryOf({ kind: 'MOVE_ISOLATED_MARGIN', userId: 'alice', symbol: 'BTC-PERP', asset: 'USDT', moveId: 'm1', amount });
    expect({ type: entry.type, reference: entry.reference, postings: entry.postings, metadata: entry.metadata }).toEqual({
      type,
      reference: 'position:alice:BTC-PERP:margin:m1',
      postings,
      metadata: { symbol: 'BTC-PERP' },
    });
  });

  it('takes from MARGIN AVAILABLE only what an added margin locks; a removal and a settlement take nothing', () => {
    const move = (amount: bigint): LedgerIntent => ({ kind: 'MOVE_ISOLATED_MARGIN', userId: 'u', symbol: 'BTC-PERP', asset: 'USDT', moveId: 'm', amount });
    expect(fundsTakenBy(move(7n))).toMatchObject({ userId: 'u', account: MARGIN, asset: 'USDT', amount: 7n });
    expect(fundsTakenBy(move(-7n))).toBeNull();
    expect(fundsTakenBy(settle([leg('u', 5n, 0n, 0n, 1n)]))).toBeNull();
  });

  it('property: any pass balances, omits zero postings, and CLEARING moves by minus the realized PnL', () => {
    const amount = (min: bigint) => fc.bigInt({ min, max: 10n ** 15n });
    const arbLeg = fc.record({ userId: fc.constantFrom('u1', 'u2', 'u3'), holdSpent: amount(0n), isolatedMarginChange: amount(-(10n ** 15n)), realizedPnl: amount(-(10n ** 15n)), fee: amount(0n) });
    const arbRelease = fc.record({ userId: fc.constantFrom('u1', 'u2', 'u3'), asset: fc.constant('USDT'), amount: amount(1n) });
    const arbIntent = fc
      .record({ legs: fc.array(arbLeg, { minLength: 1, maxLength: 8 }), releases: fc.array(arbRelease, { maxLength: 3 }) })
      // A pass moves something: one that posts nothing would be a transaction without postings (refused as a caller's bug).
      .filter(({ legs, releases }) => releases.length > 0 || legs.some((l) => l.isolatedMarginChange !== l.holdSpent || l.realizedPnl !== 0n || l.fee !== 0n))
      .map(({ legs, releases }) => settle(legs, releases));
    fc.assert(
      fc.property(arbIntent, (intent) => {
        const { postings } = entryOf(intent);
        const total = (key: string) => postings.filter((p) => accountKey(p.account) === key).reduce((sum, p) => sum + p.amount, 0n);
        expect(postings.reduce((sum, p) => sum + p.amount, 0n)).toBe(0n);
        expect(postings.every((p) => p.amount !== 0n)).toBe(true);
        expect(total(accountKey(clearing))).toBe(-intent.legs.reduce((sum, l) => sum + l.realizedPnl, 0n));
        expect(total(accountKey(fees))).toBe(intent.legs.reduce((sum, l) => sum + l.fee, 0n));
        // What a user's MARGIN account gains in all is its realized PnL less its fees: holds and margin only change bucket.
        for (const userId of ['u1', 'u2', 'u3']) {
          const mine = intent.legs.filter((l) => l.userId === userId);
          expect(total(accountKey(margin(userId)))).toBe(mine.reduce((sum, l) => sum + l.realizedPnl - l.fee, 0n));
        }
      }),
    );
  });
});

describe('funding: one transaction per market and funding time (issue 15)', () => {
  const margin = (userId: string) => userAccount(userId, UserAccountKind.MARGIN, 'USDT');

  it('pays from cross AVAILABLE and isolated margin, the remainder to the insurance fund, once per funding time', () => {
    const entry = entryOf({
      kind: 'PAY_FUNDING',
      symbol: 'BTC-PERP',
      fundingTime: '2026-12-07T08:00:00.000Z',
      asset: 'USDT',
      payments: [
        { userId: 'long-cross', amount: -4_750_001n, isolated: false },
        { userId: 'long-isolated', amount: -1n, isolated: true },
        { userId: 'short', amount: 4_750_000n, isolated: false },
        { userId: 'flat', amount: 0n, isolated: false },
      ],
      remainder: 2n,
    });
    expect(entry.type).toBe(LedgerEntryType.FUNDING);
    expect(entry.reference).toBe('funding:BTC-PERP:2026-12-07T08:00:00.000Z');
    expect(entry.postings).toEqual([
      { account: margin('long-cross'), bucket: Bucket.AVAILABLE, amount: -4_750_001n },
      { account: margin('long-isolated'), bucket: Bucket.LOCKED, amount: -1n },
      { account: margin('short'), bucket: Bucket.AVAILABLE, amount: 4_750_000n },
      { account: systemAccount(SystemAccountKind.INSURANCE_FUND, 'USDT'), bucket: Bucket.AVAILABLE, amount: 2n },
    ]);
    expect(fundsTakenBy({ kind: 'PAY_FUNDING', symbol: 'BTC-PERP', fundingTime: 't', asset: 'USDT', payments: [], remainder: 0n })).toBeNull();
  });

  it('refuses payments that do not balance with the remainder (a bug of the caller)', () => {
    expect(() =>
      entryOf({ kind: 'PAY_FUNDING', symbol: 'BTC-PERP', fundingTime: 't', asset: 'USDT', payments: [{ userId: 'a', amount: -5n, isolated: false }, { userId: 'b', amount: 4n, isolated: false }], remainder: 0n }),
    ).toThrow();
  });
});
