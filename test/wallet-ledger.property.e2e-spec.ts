import { randomUUID } from 'node:crypto';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  Bucket,
  CancelWithdrawalCommand,
  CompleteDueWithdrawalsCommand,
  DepositCommand,
  HoldFundsCommand,
  LedgerEntryType,
  PostLedgerTransactionCommand,
  GetBalancesQuery,
  ReconcileLedgerQuery,
  ReleaseFundsCommand,
  RequestWithdrawalCommand,
  SystemAccountKind,
  TransferCommand,
  UserAccountKind,
  WalletError,
  WalletErrorCode,
  systemAccount,
  userAccount,
} from '@lib/wallet';
import { formatUnits } from '@lib/kernel';
import fc from 'fast-check';
import { TestApp, startTestApp } from './support/test-app';

/**
 * Random sequences of every wallet operation, run through the command bus on
 * real PostgreSQL, against a model of the expected balances. After every step:
 * the postings of every asset sum to zero, no balance is negative, every
 * balance equals its postings (the reconcile query), and each balance equals
 * the model's, so a refused operation is refused exactly when the model says so.
 */
const ASSET = 'USDT';
const SCALE = 6;
const SPOT = UserAccountKind.SPOT;
const MARGIN = UserAccountKind.MARGIN;

type Key = `${number}:${UserAccountKind}`;
type Model = { balances: Map<Key, { available: bigint; locked: bigint }>; withdrawals: { id: string; user: number; amount: bigint }[]; holds: { user: number; account: UserAccountKind; amount: bigint; ref: string }[] };

type Op =
  | { kind: 'deposit'; user: number; amount: bigint }
  | { kind: 'withdraw'; user: number; amount: bigint }
  | { kind: 'cancel'; pick: number }
  | { kind: 'complete' }
  | { kind: 'transfer'; user: number; amount: bigint; toMargin: boolean }
  | { kind: 'hold'; user: number; amount: bigint; account: UserAccountKind }
  | { kind: 'release'; pick: number }
  | { kind: 'settle'; pick: number; fee: bigint };

const amount = fc.bigInt({ min: 1n, max: 50_000_000n });
const user = fc.integer({ min: 0, max: 1 });
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('deposit' as const), user, amount }),
  fc.record({ kind: fc.constant('withdraw' as const), user, amount }),
  fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('complete' as const) }),
  fc.record({ kind: fc.constant('transfer' as const), user, amount, toMargin: fc.boolean() }),
  fc.record({ kind: fc.constant('hold' as const), user, amount, account: fc.constantFrom(SPOT, MARGIN) }),
  fc.record({ kind: fc.constant('release' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('settle' as const), pick: fc.nat(), fee: fc.bigInt({ min: 0n, max: 1000n }) }),
);

describe('wallet ledger invariants under random operations (property, real PostgreSQL)', () => {
  let t: TestApp;
  let commands: CommandBus;
  let queries: QueryBus;

  beforeAll(async () => {
    // Delay 0 and no background job: withdrawals complete exactly when the test says so.
    t = await startTestApp({ WITHDRAWAL_DELAY_MS: '0', WITHDRAWAL_JOB_INTERVAL_MS: '3600000' });
    commands = t.app.get(CommandBus);
    queries = t.app.get(QueryBus);
  });
  afterAll(async () => {
    await t.close();
  });

  async function refused(run: () => Promise<unknown>): Promise<boolean> {
    try {
      await run();
      return false;
    } catch (error) {
      if (error instanceof WalletError && error.code === WalletErrorCode.INSUFFICIENT_BALANCE) return true;
      throw error;
    }
  }

  it('holds for any sequence', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 14 }), async (ops) => {
        const users = [randomUUID(), randomUUID()];
        const model: Model = { balances: new Map(), withdrawals: [], holds: [] };
        const bal = (u: number, a: UserAccountKind) => {
          const key: Key = `${u}:${a}`;
          if (!model.balances.has(key)) model.balances.set(key, { available: 0n, locked: 0n });
          return model.balances.get(key)!;
        };
        const fmt = (u: bigint) => formatUnits(u, SCALE);

        for (const step of ops) {
          switch (step.kind) {
            case 'deposit':
              await commands.execute(new DepositCommand(users[step.user]!, ASSET, fmt(step.amount)));
              bal(step.user, SPOT).available += step.amount;
              break;
            case 'withdraw': {
              const expectRefusal = bal(step.user, SPOT).available < step.amount;
              let id = '';
              const wasRefused = await refused(async () => {
                id = (await commands.execute(new RequestWithdrawalCommand(users[step.user]!, ASSET, fmt(step.amount), 'TPropertyAddr001'))).id;
              });
              expect(wasRefused).toBe(expectRefusal);
              if (!wasRefused) {
                bal(step.user, SPOT).available -= step.amount;
                bal(step.user, SPOT).locked += step.amount;
                model.withdrawals.push({ id, user: step.user, amount: step.amount });
              }
              break;
            }
            case 'cancel': {
              if (model.withdrawals.length === 0) break;
              const [w] = model.withdrawals.splice(step.pick % model.withdrawals.length, 1);
              await commands.execute(new CancelWithdrawalCommand(users[w!.user]!, w!.id));
              bal(w!.user, SPOT).locked -= w!.amount;
              bal(w!.user, SPOT).available += w!.amount;
              break;
            }
            case 'complete':
              expect(await commands.execute(new CompleteDueWithdrawalsCommand(1000))).toBeGreaterThanOrEqual(model.withdrawals.length);
              for (const w of model.withdrawals.splice(0)) bal(w.user, SPOT).locked -= w.amount;
              break;
            case 'transfer': {
              const [from, to] = step.toMargin ? [SPOT, MARGIN] : [MARGIN, SPOT];
              const expectRefusal = bal(step.user, from).available < step.amount;
              expect(await refused(() => commands.execute(new TransferCommand(users[step.user]!, ASSET, fmt(step.amount), from, to)))).toBe(expectRefusal);
              if (!expectRefusal) {
                bal(step.user, from).available -= step.amount;
                bal(step.user, to).available += step.amount;
              }
              break;
            }
            case 'hold': {
              const ref = `hold:${randomUUID()}`;
              const expectRefusal = bal(step.user, step.account).available < step.amount;
              expect(await refused(() => commands.execute(new HoldFundsCommand(users[step.user]!, step.account, ASSET, step.amount, ref)))).toBe(expectRefusal);
              if (!expectRefusal) {
                bal(step.user, step.account).available -= step.amount;
                bal(step.user, step.account).locked += step.amount;
                model.holds.push({ user: step.user, account: step.account, amount: step.amount, ref });
                // A retry of the same reference is a no-op.
                expect((await commands.execute(new HoldFundsCommand(users[step.user]!, step.account, ASSET, step.amount, ref))).duplicate).toBe(true);
              }
              break;
            }
            case 'release': {
              if (model.holds.length === 0) break;
              const [h] = model.holds.splice(step.pick % model.holds.length, 1);
              await commands.execute(new ReleaseFundsCommand(users[h!.user]!, h!.account, ASSET, h!.amount, `${h!.ref}:release`));
              bal(h!.user, h!.account).locked -= h!.amount;
              bal(h!.user, h!.account).available += h!.amount;
              break;
            }
            case 'settle': {
              // A held amount pays the other user, less a fee to FEES: a trade leg with its fee.
              if (model.holds.length === 0) break;
              const [h] = model.holds.splice(step.pick % model.holds.length, 1);
              const fee = step.fee < h!.amount ? step.fee : 0n;
              const other = 1 - h!.user;
              const postings = [
                { account: userAccount(users[h!.user]!, h!.account, ASSET), bucket: Bucket.LOCKED, amount: -h!.amount },
                { account: userAccount(users[other]!, SPOT, ASSET), bucket: Bucket.AVAILABLE, amount: h!.amount - fee },
                ...(fee > 0n ? [{ account: systemAccount(SystemAccountKind.FEES, ASSET), bucket: Bucket.AVAILABLE, amount: fee }] : []),
              ];
              await commands.execute(new PostLedgerTransactionCommand(LedgerEntryType.TRADE, `${h!.ref}:trade`, postings));
              bal(h!.user, h!.account).locked -= h!.amount;
              bal(other, SPOT).available += h!.amount - fee;
              break;
            }
          }
          const report = await queries.execute(new ReconcileLedgerQuery());
          expect(report).toMatchObject({ ok: true, mismatchedAccounts: [], negativeBalances: [] });
        }

        // The database agrees with the model, account by account.
        for (const [i, id] of users.entries()) {
          const wallet = await queries.execute(new GetBalancesQuery(id));
          for (const account of wallet.accounts) {
            const row = account.balances.find((b) => b.asset === ASSET)!;
            const expected = model.balances.get(`${i}:${account.account}`) ?? { available: 0n, locked: 0n };
            expect({ account: account.account, available: row.available, locked: row.locked }).toEqual({
              account: account.account,
              available: fmt(expected.available),
              locked: fmt(expected.locked),
            });
          }
        }
      }),
      { numRuns: 20 },
    );
    // Bounded: 20 runs of up to 14 operations, each followed by a full reconcile of the database.
  }, 180_000);
});
