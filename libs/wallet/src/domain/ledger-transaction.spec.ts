import fc from 'fast-check';
import { Bucket, SystemAccountKind, UserAccountKind, systemAccount, userAccount } from './accounts';
import { Entries, LedgerEntryType, LedgerTransaction } from './ledger-transaction';
import { WalletError, WalletErrorCode } from './wallet.error';

const alice = '11111111-1111-4111-8111-111111111111';

function codeOf(fn: () => unknown): WalletErrorCode | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof WalletError) return error.code;
    throw error;
  }
  return undefined;
}

describe('LedgerTransaction', () => {
  it('accepts postings that sum to zero per asset', () => {
    const tx = Entries.deposit(alice, 'USDT', 1_500_000n, 'deposit:1');
    expect(tx.postings.map((p) => p.amount)).toEqual([-1_500_000n, 1_500_000n]);
  });

  it('refuses unbalanced, zero, single and unreferenced postings', () => {
    const spot = userAccount(alice, UserAccountKind.SPOT, 'USDT');
    const fees = systemAccount(SystemAccountKind.FEES, 'USDT');
    const create = (postings: { amount: bigint; asset?: string }[], reference = 'r') =>
      LedgerTransaction.create({
        type: LedgerEntryType.TRADE,
        reference,
        postings: postings.map((p, i) => ({ account: p.asset ? userAccount(alice, UserAccountKind.SPOT, p.asset) : i % 2 ? fees : spot, bucket: Bucket.AVAILABLE, amount: p.amount })),
      });
    expect(codeOf(() => create([{ amount: 5n }, { amount: -4n }]))).toBe(WalletErrorCode.UNBALANCED_TRANSACTION);
    expect(codeOf(() => create([{ amount: 0n }, { amount: 0n }]))).toBe(WalletErrorCode.UNBALANCED_TRANSACTION);
    expect(codeOf(() => create([{ amount: 5n }]))).toBe(WalletErrorCode.UNBALANCED_TRANSACTION);
    expect(codeOf(() => create([{ amount: 5n }, { amount: -5n }], ''))).toBe(WalletErrorCode.UNBALANCED_TRANSACTION);
    // Balanced in total but not per asset.
    expect(codeOf(() => create([{ amount: 5n, asset: 'USDT' }, { amount: -5n, asset: 'BTC' }]))).toBe(WalletErrorCode.UNBALANCED_TRANSACTION);
  });

  it('nets a hold into one delta per account: available down, locked up', () => {
    const spot = userAccount(alice, UserAccountKind.SPOT, 'BTC');
    const deltas = [...Entries.lock(LedgerEntryType.HOLD, spot, 42n, 'hold:1').deltas().values()];
    expect(deltas).toEqual([{ account: spot, available: -42n, locked: 42n }]);
  });

  it('refuses a transfer to the same account', () => {
    expect(codeOf(() => Entries.transfer(alice, 'USDT', 1n, UserAccountKind.SPOT, UserAccountKind.SPOT, 't'))).toBe(WalletErrorCode.SAME_ACCOUNT_TRANSFER);
  });

  it('every built-in entry balances for any positive amount (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 36n - 1n }), (amount) => {
        const spot = userAccount(alice, UserAccountKind.SPOT, 'ETH');
        const entries = [
          Entries.deposit(alice, 'ETH', amount, 'a'),
          Entries.withdrawal(alice, 'ETH', amount, 'b'),
          Entries.lock(LedgerEntryType.HOLD, spot, amount, 'c'),
          Entries.unlock(LedgerEntryType.RELEASE, spot, amount, 'd'),
          Entries.transfer(alice, 'ETH', amount, UserAccountKind.SPOT, UserAccountKind.MARGIN, 'e'),
          Entries.adjustment(alice, UserAccountKind.SPOT, 'ETH', -amount, 'f', {}),
        ];
        for (const entry of entries) expect(entry.postings.reduce((sum, p) => sum + p.amount, 0n)).toBe(0n);
      }),
    );
  });
});
