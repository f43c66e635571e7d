import { randomUUID } from 'node:crypto';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { TransactionHost } from '@lib/platform';
import {
  Bucket,
  DepositCommand,
  GetAvailableBalanceQuery,
  LedgerEntryInput,
  LedgerEntryType,
  OptimisticPostingRefused,
  PostLedgerTransactionsCommand,
  UserAccountKind,
  userAccount,
} from '@lib/wallet';
import fc from 'fast-check';
import { TestApp, startTestApp } from './support/test-app';

/**
 * The optimistic ledger posting (lock and write in one statement, the
 * balance check left to the accounts' constraints) against the careful one
 * (lock, check entry by entry, write) on real PostgreSQL: for random batches
 * of holds on one balance, the optimistic one posts exactly when the careful
 * one does, to the same balances, and otherwise fails with
 * OptimisticPostingRefused and writes nothing.
 */
describe('optimistic ledger posting (e2e)', () => {
  let t: TestApp;
  let commands: CommandBus;
  let queries: QueryBus;
  let tx: TransactionHost;

  beforeAll(async () => {
    t = await startTestApp();
    commands = t.app.get(CommandBus);
    queries = t.app.get(QueryBus);
    tx = t.app.get(TransactionHost);
  });
  afterAll(async () => {
    await t?.close();
  });

  const holds = (userId: string, amounts: readonly bigint[]): LedgerEntryInput[] => {
    const account = userAccount(userId, UserAccountKind.SPOT, 'USDT');
    return amounts.map((amount) => ({
      type: LedgerEntryType.HOLD,
      reference: `test:${randomUUID()}`,
      postings: [
        { account, bucket: Bucket.AVAILABLE, amount: -amount },
        { account, bucket: Bucket.LOCKED, amount },
      ],
    }));
  };
  const post = (entries: LedgerEntryInput[], optimistic: boolean) =>
    tx.withTransaction(() => commands.execute(new PostLedgerTransactionsCommand(entries, { deferEvents: true, reportRefusal: true, optimistic })));
  const available = (userId: string) => queries.execute(new GetAvailableBalanceQuery(userId, UserAccountKind.SPOT, 'USDT'));

  it('posts exactly what the careful posting posts, and nothing when it would overdraw', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.bigInt({ min: 1n, max: 400_000_000n }), { minLength: 1, maxLength: 6 }), async (amounts) => {
        const userId = randomUUID();
        // Two deposits: the second one sees the account committed, so its id is known to the ledger (the optimistic path needs it).
        await commands.execute(new DepositCommand(userId, 'USDT', '500'));
        await commands.execute(new DepositCommand(userId, 'USDT', '500'));
        const total = amounts.reduce((a, b) => a + b, 0n);
        const fits = total <= 1_000_000_000n;

        const careful = await post(holds(userId, amounts), false);
        const overdrawing = amounts.findIndex((_, i) => amounts.slice(0, i + 1).reduce((a, b) => a + b, 0n) > 1_000_000_000n);
        expect(careful.refused?.index).toBe(fits ? undefined : overdrawing);
        expect(await available(userId)).toBe(fits ? 1_000_000_000n - total : 1_000_000_000n);

        // The same holds again, optimistically, on a fresh user.
        const other = randomUUID();
        await commands.execute(new DepositCommand(other, 'USDT', '500'));
        await commands.execute(new DepositCommand(other, 'USDT', '500'));
        if (fits) {
          const optimistic = await post(holds(other, amounts), true);
          expect(optimistic.results.every((r) => !r.duplicate)).toBe(true);
          expect(optimistic.events.map((e) => e.payload)).toEqual([expect.objectContaining({ userId: other, available: formatUsdt(1_000_000_000n - total), locked: formatUsdt(total) })]);
        } else {
          await expect(post(holds(other, amounts), true)).rejects.toBeInstanceOf(OptimisticPostingRefused);
        }
        expect(await available(other)).toBe(fits ? 1_000_000_000n - total : 1_000_000_000n);
      }),
      { numRuns: 25 },
    );
  });
});

function formatUsdt(units: bigint): string {
  const s = units.toString().padStart(7, '0');
  return `${s.slice(0, -6)}.${s.slice(-6)}`;
}
