import { randomUUID } from 'node:crypto';
import { TestDatabase, openTestDatabase } from '@test/test-database';
import { Entries, SystemAccountKind, UserAccountKind, systemAccount, userAccount } from '../../domain';
import { PerpTradeLeg, SettlePerpTrades, entryOf } from '../../application/intents/ledger-intents';
import { ClearingAccount1763730500000 } from '../migrations/1763730500000-clearing-account';
import { SqlWalletReadModel } from './sql-wallet-read-model';
import { TypeOrmLedgerRepository } from './typeorm-ledger.repository';

/**
 * Perpetual settlement on the real PostgreSQL: SETTLE_PERP_TRADES as entryOf
 * builds it, posted by the ledger repository. CLEARING (shared by the run's
 * suites) is read under its lock, so its balance is exact. USDT units: 1_000_000n is 1 USDT.
 */
describe('perpetual settlement in the ledger (PostgreSQL)', () => {
  let db: TestDatabase;
  const now = new Date('2026-12-01T12:00:00.000Z');
  const margin = (userId: string) => userAccount(userId, UserAccountKind.MARGIN, 'USDT');
  const clearing = systemAccount(SystemAccountKind.CLEARING, 'USDT');
  const reference = () => `int:${randomUUID()}`;
  const leg = (userId: string, holdSpent: bigint, isolatedMarginChange: bigint, realizedPnl: bigint, fee: bigint): PerpTradeLeg => ({ userId, holdSpent, isolatedMarginChange, realizedPnl, fee });
  const pass = (legs: PerpTradeLeg[], releases: SettlePerpTrades['releases'] = []): SettlePerpTrades => ({
    kind: 'SETTLE_PERP_TRADES',
    symbol: 'BTC-PERP',
    orderId: randomUUID(),
    firstTradeId: randomUUID(),
    asset: 'USDT',
    legs,
    releases,
  });

  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await db?.close();
  });

  /** A new user with `cash` in MARGIN AVAILABLE, `held` of it LOCKED for an order (committed); no account at all without cash. */
  async function trader(cash: bigint, held = 0n): Promise<string> {
    const userId = randomUUID();
    if (cash === 0n) return userId;
    const ledger = new TypeOrmLedgerRepository(db.txHost);
    const entries = [Entries.deposit(userId, 'USDT', cash, reference()), Entries.transfer(userId, 'USDT', cash, UserAccountKind.SPOT, UserAccountKind.MARGIN, reference())];
    if (held > 0n) entries.push(entryOf({ kind: 'HOLD_FOR_ORDER', orderId: randomUUID(), userId, account: UserAccountKind.MARGIN, asset: 'USDT', amount: held }));
    expect(await db.transaction(() => ledger.postMany(entries, now))).toMatchObject({ kind: 'posted' });
    return userId;
  }

  async function marginOf(userId: string): Promise<{ available: bigint; locked: bigint }> {
    const [row] = await db.query<{ available: string; locked: string }>(
      `SELECT available::text, locked::text FROM wallet.accounts WHERE owner_id = $1 AND kind = 'MARGIN' AND asset = 'USDT'`,
      [userId],
    );
    return { available: BigInt(row!.available), locked: BigInt(row!.locked) };
  }

  async function postedCount(ref: string): Promise<{ transactions: number; postings: number }> {
    const [row] = await db.query<{ transactions: number; postings: number }>(
      `SELECT count(DISTINCT t.id)::int AS transactions, count(p.id)::int AS postings
         FROM wallet.ledger_transactions t LEFT JOIN wallet.postings p ON p.transaction_id = t.id WHERE t.reference = $1`,
      [ref],
    );
    return row!;
  }

  it('posts a pass whose realized profit is more than CLEARING holds: CLEARING goes negative, the reconcile stays clean', async () => {
    const winner = await trader(0n);
    const opener = await trader(3_000_000n, 2_000_000n);
    const ledger = new TypeOrmLedgerRepository(db.txHost);
    const { before, outcome, profit } = await db.transaction(async () => {
      const before = await ledger.lock(clearing);
      const profit = (before.available > 0n ? before.available : 0n) + 1_000_000n;
      // The winner closes a cross short at a profit (reduce-only: no hold); the opener opens cross, its order ends with 0.5 unused.
      const entry = entryOf(pass([leg(winner, 0n, 0n, profit, 1_000n), leg(opener, 1_500_000n, 0n, 0n, 1_500n)], [{ userId: opener, asset: 'USDT', amount: 500_000n }]));
      return { before, profit, outcome: await ledger.post(entry, now) };
    });

    if (outcome.kind !== 'posted') throw new Error(`expected a posting, got ${outcome.kind}`);
    const after = outcome.balances.find((b) => b.account.owner === 'system' && b.account.kind === SystemAccountKind.CLEARING)!;
    expect(after).toMatchObject({ available: before.available - profit, locked: 0n });
    expect(after.available).toBeLessThan(0n);
    expect(await marginOf(winner)).toEqual({ available: profit - 1_000n, locked: 0n });
    expect(await marginOf(opener)).toEqual({ available: 3_000_000n - 1_500n, locked: 0n });

    const rows = await db.transaction(() => new SqlWalletReadModel(db.txHost).reconcile());
    expect(rows.negative).toEqual([]);
    expect(rows.mismatched).toEqual([]);
    expect(rows.sums.find((s) => s.asset === 'USDT')).toMatchObject({ sum: 0n });
  });

  it('the database takes a negative CLEARING and still refuses a negative FEES', async () => {
    await expect(
      db.rolledBack(async () => {
        await db.txHost.tx.query(`INSERT INTO wallet.accounts (id, owner_id, kind, asset) VALUES (gen_random_uuid(), '00000000-0000-0000-0000-000000000000', 'CLEARING', 'BTC') ON CONFLICT DO NOTHING`);
        return db.txHost.tx.query(`UPDATE wallet.accounts SET available = -5 WHERE kind = 'CLEARING' AND asset = 'BTC' RETURNING available::text`);
      }),
    ).resolves.toEqual([[{ available: '-5' }], 1]);
    await expect(
      db.rolledBack(async () => {
        await db.txHost.tx.query(`INSERT INTO wallet.accounts (id, owner_id, kind, asset) VALUES (gen_random_uuid(), '00000000-0000-0000-0000-000000000000', 'FEES', 'BTC') ON CONFLICT DO NOTHING`);
        return db.txHost.tx.query(`UPDATE wallet.accounts SET available = -5 WHERE kind = 'FEES' AND asset = 'BTC'`);
      }),
    ).rejects.toThrow(/accounts_available_check/);
  });

  it('the migration cannot be reverted while a CLEARING account is below zero (its postings are append-only)', async () => {
    // The first test left CLEARING USDT negative.
    await expect(db.rolledBack(() => new ClearingAccount1763730500000().down(db.txHost.tx.queryRunner!))).rejects.toThrow(/accounts_available_check/);
  });

  it("refuses a leg that would overdraw a user's MARGIN AVAILABLE: nothing posted, nothing moved", async () => {
    const loser = await trader(200_000n);
    const winner = await trader(0n);
    const ledger = new TypeOrmLedgerRepository(db.txHost);
    // The loser's cross close realizes -0.3 with 0.2 in AVAILABLE (its fee on top).
    const entry = entryOf(pass([leg(loser, 0n, 0n, -300_000n, 300n), leg(winner, 0n, 0n, 300_000n, 300n)]));
    const { before, outcome, after } = await db.transaction(async () => {
      const before = await ledger.lock(clearing);
      const outcome = await ledger.post(entry, now);
      return { before, outcome, after: await ledger.lock(clearing) };
    });

    expect(outcome).toEqual({ kind: 'insufficient', index: 0, account: margin(loser), available: 200_000n, needed: 300_300n });
    expect(after).toEqual(before);
    expect(await marginOf(loser)).toEqual({ available: 200_000n, locked: 0n });
    expect(await marginOf(winner)).toEqual({ available: 0n, locked: 0n });
    expect(await postedCount(entry.reference)).toEqual({ transactions: 0, postings: 0 });
  });

  it('the same pass applied twice posts once: the second is a duplicate of the first', async () => {
    const opener = await trader(2_000_000n, 1_002_500n);
    const closer = await trader(0n);
    const ledger = new TypeOrmLedgerRepository(db.txHost);
    // An isolated open (1.0 margin stays LOCKED, the fee from the hold) against a close that realizes a profit.
    const intent = pass([leg(opener, 1_002_500n, 1_000_000n, 0n, 2_500n), leg(closer, 0n, 0n, 40_000n, 2_500n)]);
    const first = await db.transaction(() => ledger.post(entryOf(intent), now));
    if (first.kind !== 'posted') throw new Error(`expected a posting, got ${first.kind}`);

    expect(await db.transaction(() => ledger.post(entryOf(intent), now))).toEqual({ kind: 'duplicate', transactionId: first.transactionId });
    expect(await db.transaction(() => ledger.postMany([entryOf(intent)], now, { optimistic: true }))).toMatchObject({ kind: 'posted', results: [{ transactionId: first.transactionId, duplicate: true }] });
    expect(await marginOf(opener)).toEqual({ available: 997_500n, locked: 1_000_000n });
    expect(await marginOf(closer)).toEqual({ available: 37_500n, locked: 0n });
    // opener: LOCKED -2_500 (its AVAILABLE posting is zero, omitted); closer: AVAILABLE; CLEARING; FEES twice.
    expect(await postedCount(`trades:${intent.firstTradeId}`)).toEqual({ transactions: 1, postings: 5 });
  });
});
