import { randomUUID } from 'node:crypto';
import { TestDatabase, openTestDatabase } from '@test/test-database';
import { EntityManager } from 'typeorm';
import { AccountRef, Bucket, Entries, LedgerEntryType, LedgerTransaction, SystemAccountKind, UserAccountKind, systemAccount, userAccount } from '../../domain';
import { OptimisticPostingRefused } from '../../application/ports';
import { TypeOrmLedgerRepository } from './typeorm-ledger.repository';

/**
 * The ledger's SQL on the real PostgreSQL: what LedgerPoster and TurnWriter
 * rely on. Amounts are USDT's smallest units (6 decimals): 1_000_000n is 1 USDT.
 * Every user is new, so each balance is exact although the run's e2e suites
 * share the database (and the system accounts, read under their lock here).
 */
describe('TypeOrmLedgerRepository (PostgreSQL)', () => {
  let db: TestDatabase;
  const now = new Date('2026-12-01T12:00:00.000Z');

  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await db?.close();
  });

  const spot = (userId: string) => userAccount(userId, UserAccountKind.SPOT, 'USDT');
  const reference = () => `int:${randomUUID()}`;
  const hold = (account: AccountRef, amount: bigint) => Entries.lock(LedgerEntryType.HOLD, account, amount, reference());
  const release = (account: AccountRef, amount: bigint) => Entries.unlock(LedgerEntryType.RELEASE, account, amount, reference());

  /** The user's SPOT USDT balance as another session sees it (committed only). */
  async function balance(userId: string): Promise<{ available: bigint; locked: bigint } | undefined> {
    const [row] = await db.query<{ available: string; locked: string }>(
      `SELECT available::text, locked::text FROM wallet.accounts WHERE owner_id = $1 AND kind = 'SPOT' AND asset = 'USDT'`,
      [userId],
    );
    return row && { available: BigInt(row.available), locked: BigInt(row.locked) };
  }

  async function postedCount(references: readonly string[]): Promise<{ transactions: number; postings: number }> {
    const [row] = await db.query<{ transactions: number; postings: number }>(
      `SELECT count(DISTINCT t.id)::int AS transactions, count(p.id)::int AS postings
         FROM wallet.ledger_transactions t LEFT JOIN wallet.postings p ON p.transaction_id = t.id
        WHERE t.reference = ANY($1::text[])`,
      [references],
    );
    return row!;
  }

  /** A new user with `amount` deposited (committed), through a ledger of its own. */
  async function funded(amount: bigint): Promise<string> {
    const userId = randomUUID();
    const outcome = await db.transaction(() => new TypeOrmLedgerRepository(db.txHost).post(Entries.deposit(userId, 'USDT', amount, reference()), now));
    expect(outcome.kind).toBe('posted');
    return userId;
  }

  it('refuses to write outside a transaction', async () => {
    await expect(new TypeOrmLedgerRepository(db.txHost).post(hold(spot(randomUUID()), 1n), now)).rejects.toThrow('ledger writes need a transaction');
  });

  it('posts a deposit: one transaction, its two postings and both balances, to the unit', async () => {
    const ledger = new TypeOrmLedgerRepository(db.txHost);
    const userId = randomUUID();
    const external = systemAccount(SystemAccountKind.EXTERNAL, 'USDT');
    const ref = reference();
    const { before, outcome } = await db.transaction(async () => {
      // Locked first: the e2e suites deposit too, so EXTERNAL's balance is exact only under its lock.
      const before = await ledger.lock(external);
      return { before, outcome: await ledger.post(Entries.deposit(userId, 'USDT', 1_500_000n, ref), now) };
    });

    if (outcome.kind !== 'posted') throw new Error(`expected a posting, got ${outcome.kind}`);
    const byOwner = new Map(outcome.balances.map((b) => [b.account.owner, b]));
    expect(outcome.balances).toHaveLength(2);
    expect(byOwner.get('user')).toEqual({ accountId: expect.any(String), account: spot(userId), available: 1_500_000n, locked: 0n });
    // EXTERNAL mirrors the outside world: it goes (and stays) negative (with CLEARING, the only accounts that may).
    expect(byOwner.get('system')).toEqual({ accountId: before.accountId, account: external, available: before.available - 1_500_000n, locked: before.locked });
    expect(byOwner.get('system')!.available).toBeLessThan(0n);
    expect(await balance(userId)).toEqual({ available: 1_500_000n, locked: 0n });
    const postings = await db.query<{ bucket: string; amount: string; type: string; created_at: Date }>(
      `SELECT bucket, amount::text, type, created_at FROM wallet.postings WHERE transaction_id = $1 ORDER BY amount`,
      [outcome.transactionId],
    );
    expect(postings).toEqual([
      { bucket: Bucket.AVAILABLE, amount: '-1500000', type: LedgerEntryType.DEPOSIT, created_at: now },
      { bucket: Bucket.AVAILABLE, amount: '1500000', type: LedgerEntryType.DEPOSIT, created_at: now },
    ]);
  });

  it('posts a batch in order, as if one by one, and returns the final balance of each account it touched', async () => {
    const userId = await funded(1_000_000n);
    const ledger = new TypeOrmLedgerRepository(db.txHost);
    const batch = [hold(spot(userId), 600_000n), release(spot(userId), 200_000n), hold(spot(userId), 500_000n)];
    const outcome = await db.transaction(() => ledger.postMany(batch, now));

    // 1.0 - 0.6 + 0.2 - 0.5 = 0.1 available: the release comes before the second hold, or it would not fit.
    expect(outcome).toEqual({
      kind: 'posted',
      results: [0, 1, 2].map(() => ({ transactionId: expect.any(String), duplicate: false })),
      balances: [{ accountId: expect.any(String), account: spot(userId), available: 100_000n, locked: 900_000n }],
    });
    expect(await balance(userId)).toEqual({ available: 100_000n, locked: 900_000n });
    expect(await postedCount(batch.map((t) => t.reference))).toEqual({ transactions: 3, postings: 6 });
  });

  it('careful posting: locks, checks entry by entry, names the first that overdraws, writes nothing and aborts nothing', async () => {
    const userId = await funded(1_000_000n);
    const ledger = new TypeOrmLedgerRepository(db.txHost);
    const batch = [hold(spot(userId), 300_000n), hold(spot(userId), 500_000n), hold(spot(userId), 400_000n)];
    const { outcome, after } = await db.transaction(async () => {
      const outcome = await ledger.postMany(batch, now);
      // The transaction is still usable: the refusal was decided before any write.
      return { outcome, after: await ledger.lock(spot(userId)) };
    });

    // 0.3 and 0.5 fit; the third finds 0.2 left of the 0.4 it needs.
    expect(outcome).toEqual({ kind: 'insufficient', index: 2, account: spot(userId), available: 200_000n, needed: 400_000n });
    expect(after).toMatchObject({ available: 1_000_000n, locked: 0n });
    expect(await balance(userId)).toEqual({ available: 1_000_000n, locked: 0n });
    expect(await postedCount(batch.map((t) => t.reference))).toEqual({ transactions: 0, postings: 0 });
  });

  it('refuses a release beyond the locked bucket, naming what is locked', async () => {
    const userId = await funded(1_000_000n);
    const ledger = new TypeOrmLedgerRepository(db.txHost);
    await db.transaction(() => ledger.post(hold(spot(userId), 250_000n), now));
    const outcome = await db.transaction(() => ledger.post(release(spot(userId), 300_000n), now));

    expect(outcome).toEqual({ kind: 'insufficient', index: 0, account: spot(userId), available: 250_000n, needed: 300_000n });
    expect(await balance(userId)).toEqual({ available: 750_000n, locked: 250_000n });
  });

  it('refuses to overdraw a system account other than EXTERNAL and CLEARING', async () => {
    const userId = randomUUID();
    const ledger = new TypeOrmLedgerRepository(db.txHost);
    const fees = systemAccount(SystemAccountKind.FEES, 'USDT');
    const { before, payout, outcome } = await db.transaction(async () => {
      const before = await ledger.lock(fees);
      const payout = LedgerTransaction.create({
        type: LedgerEntryType.ADJUSTMENT,
        reference: reference(),
        postings: [
          { account: fees, bucket: Bucket.AVAILABLE, amount: -(before.available + 1n) },
          { account: spot(userId), bucket: Bucket.AVAILABLE, amount: before.available + 1n },
        ],
      });
      return { before, payout, outcome: await ledger.post(payout, now) };
    });

    expect(outcome).toEqual({ kind: 'insufficient', index: 0, account: fees, available: before.available, needed: before.available + 1n });
    // The user's account was created (accounts are created before they are locked), and nothing posted to it.
    expect(await balance(userId)).toEqual({ available: 0n, locked: 0n });
    expect(await postedCount([payout.reference])).toEqual({ transactions: 0, postings: 0 });
  });

  it("the accounts' constraints refuse a negative balance whatever the code does", async () => {
    const userId = await funded(1_000_000n);
    await expect(db.query(`UPDATE wallet.accounts SET available = -1 WHERE owner_id = $1`, [userId])).rejects.toThrow(/accounts_available_check/);
    await expect(db.query(`UPDATE wallet.accounts SET locked = -1 WHERE owner_id = $1`, [userId])).rejects.toThrow(/accounts_locked_check/);
    expect(await balance(userId)).toEqual({ available: 1_000_000n, locked: 0n });
  });

  it('a repeated reference is a duplicate, a no-op, even once the funds it used are gone', async () => {
    const userId = await funded(1_000_000n);
    const ledger = new TypeOrmLedgerRepository(db.txHost);
    const all = hold(spot(userId), 1_000_000n);
    const first = await db.transaction(() => ledger.post(all, now));
    if (first.kind !== 'posted') throw new Error(`expected a posting, got ${first.kind}`);

    const again = await db.transaction(() => ledger.post(all, now));
    expect(again).toEqual({ kind: 'duplicate', transactionId: first.transactionId });
    // In a batch: the duplicate is reported with its first id, the new entry posted beside it.
    const back = release(spot(userId), 100n);
    const mixed = await db.transaction(() => ledger.postMany([all, back], now));
    expect(mixed).toEqual({
      kind: 'posted',
      results: [
        { transactionId: first.transactionId, duplicate: true },
        { transactionId: expect.any(String), duplicate: false },
      ],
      balances: [{ accountId: expect.any(String), account: spot(userId), available: 100n, locked: 999_900n }],
    });
    expect(await balance(userId)).toEqual({ available: 100n, locked: 999_900n });
    expect(await postedCount([all.reference, back.reference])).toEqual({ transactions: 2, postings: 4 });
    await expect(db.transaction(() => ledger.postMany([back, back], now))).rejects.toThrow('a batch must not repeat a reference');
  });

  describe('optimistic posting', () => {
    /** A user whose account this ledger has seen committed: the optimistic path needs every account id known. */
    async function known(ledger: TypeOrmLedgerRepository): Promise<string> {
      const userId = await funded(1_000_000n);
      await db.transaction(() => ledger.lock(spot(userId)));
      return userId;
    }

    it('posts in one statement, to the same balances as the careful posting', async () => {
      const ledger = new TypeOrmLedgerRepository(db.txHost);
      const userId = await known(ledger);
      const batch = [hold(spot(userId), 300_000n), hold(spot(userId), 200_000n)];
      const statements = jest.spyOn(EntityManager.prototype, 'query');
      const outcome = await db.transaction(() => ledger.postMany(batch, now, { optimistic: true }));
      const sent = statements.mock.calls.length;
      statements.mockRestore();

      expect(sent).toBe(1);
      expect(outcome).toEqual({
        kind: 'posted',
        results: [0, 1].map(() => ({ transactionId: expect.any(String), duplicate: false })),
        balances: [{ accountId: expect.any(String), account: spot(userId), available: 500_000n, locked: 500_000n }],
      });
      expect(await postedCount(batch.map((t) => t.reference))).toEqual({ transactions: 2, postings: 4 });
    });

    it('an overdraft throws OptimisticPostingRefused and aborts the transaction: nothing is written', async () => {
      const ledger = new TypeOrmLedgerRepository(db.txHost);
      const userId = await known(ledger);
      const batch = [hold(spot(userId), 600_000n), hold(spot(userId), 500_000n)];
      const open = await db.begin();
      try {
        await expect(open.run(() => ledger.postMany(batch, now, { optimistic: true }))).rejects.toBeInstanceOf(OptimisticPostingRefused);
        await expect(open.run(() => db.txHost.tx.query('SELECT 1'))).rejects.toThrow(/current transaction is aborted/);
      } finally {
        await open.rollback();
      }
      expect(await balance(userId)).toEqual({ available: 1_000_000n, locked: 0n });
      expect(await postedCount(batch.map((t) => t.reference))).toEqual({ transactions: 0, postings: 0 });
    });
  });

  describe('two connections', () => {
    it('serialise two postings on one account: the second waits for the first, then checks against its balance', async () => {
      const userId = await funded(1_000_000n);
      const ledger = new TypeOrmLedgerRepository(db.txHost);
      const [first, second] = [await db.begin(), await db.begin()];
      try {
        expect(await first.run(() => ledger.postMany([hold(spot(userId), 600_000n)], now))).toMatchObject({ kind: 'posted' });
        const waiting = second.run(() => ledger.postMany([hold(spot(userId), 600_000n)], now));
        await db.waitUntilBlocked(second.pid);
        expect(await balance(userId)).toEqual({ available: 1_000_000n, locked: 0n });
        await first.commit();
        // Checked on the row as the first left it: 0.4 left, a clean refusal (not a constraint error).
        expect(await waiting).toEqual({ kind: 'insufficient', index: 0, account: spot(userId), available: 400_000n, needed: 600_000n });
      } finally {
        await first.rollback();
        await second.rollback();
      }
      expect(await balance(userId)).toEqual({ available: 400_000n, locked: 600_000n });
    });

    it('a reference posted by a transaction it waited for is a duplicate, posted once', async () => {
      const userId = await funded(1_000_000n);
      const ledger = new TypeOrmLedgerRepository(db.txHost);
      const entry = hold(spot(userId), 100n);
      const [first, second] = [await db.begin(), await db.begin()];
      try {
        const posted = await first.run(() => ledger.post(entry, now));
        if (posted.kind !== 'posted') throw new Error(`expected a posting, got ${posted.kind}`);
        const waiting = second.run(() => ledger.post(entry, now));
        await db.waitUntilBlocked(second.pid);
        await first.commit();
        expect(await waiting).toEqual({ kind: 'duplicate', transactionId: posted.transactionId });
        await second.commit();
      } finally {
        await first.rollback();
        await second.rollback();
      }
      expect(await balance(userId)).toEqual({ available: 999_900n, locked: 100n });
      expect(await postedCount([entry.reference])).toEqual({ transactions: 1, postings: 2 });
    });
  });
});
