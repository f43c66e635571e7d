import { Bucket, LedgerEntryType, Posting, SystemAccountKind, UserAccountKind, systemAccount, userAccount } from '../../domain';
import { LedgerIntent, entryOf, fundsTakenBy } from './ledger-intents';

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
