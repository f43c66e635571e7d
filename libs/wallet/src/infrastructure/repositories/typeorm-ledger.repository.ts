import { Injectable } from '@nestjs/common';
import { newId } from '@lib/kernel';
import { TransactionHost, TransactionalAdapterTypeOrm } from '@lib/platform';
import { EntityManager } from 'typeorm';
import { AccountRef, Bucket, LedgerEntryType, LedgerTransaction, accountKey, mayGoNegative } from '../../domain';
import { AccountBalance, BatchOutcome, LedgerRepository, OptimisticPostingRefused, PostOutcome } from '../../application/ports';
import { ownerOf, refOf } from './account-refs';

interface AccountRow {
  id: string;
  owner_id: string;
  kind: string;
  asset: string;
  available: string;
  locked: string;
}

type Insufficient = Extract<BatchOutcome, { kind: 'insufficient' }>;

/** The optimistic write's head: every account of the batch locked in id order before anything is written. */
const LOCK_FIRST = `WITH locked AS MATERIALIZED (
         SELECT id FROM wallet.accounts WHERE id = ANY($12::uuid[]) ORDER BY id FOR UPDATE
       ),`;

/**
 * The ledger in SQL. Five round trips per batch, however many transactions it
 * holds, all on the ambient transaction's connection: create missing
 * accounts, lock them (id order), insert the transactions (ON CONFLICT on the
 * reference = duplicate), insert the postings, update the balances. The
 * balance check happens on the locked rows before anything is written, so
 * nothing is written when it fails.
 */
@Injectable()
export class TypeOrmLedgerRepository extends LedgerRepository {
  /** Accounts committed in the database, key to id (accounts are never deleted): they need no creation round trip. */
  private readonly knownAccounts = new Map<string, string>();

  constructor(private readonly tx: TransactionHost<TransactionalAdapterTypeOrm>) {
    super();
  }

  private get em(): EntityManager {
    if (!this.tx.isTransactionActive()) throw new Error('ledger writes need a transaction');
    return this.tx.tx;
  }

  async post(transaction: LedgerTransaction, now: Date): Promise<PostOutcome> {
    const outcome = await this.postMany([transaction], now);
    if (outcome.kind === 'insufficient') return outcome;
    const [result] = outcome.results;
    return result!.duplicate ? { kind: 'duplicate', transactionId: result!.transactionId } : { kind: 'posted', transactionId: result!.transactionId, balances: outcome.balances };
  }

  async postMany(transactions: readonly LedgerTransaction[], now: Date, options: { optimistic?: boolean } = {}): Promise<BatchOutcome> {
    if (new Set(transactions.map((t) => t.reference)).size !== transactions.length) throw new Error('a batch must not repeat a reference');
    if (options.optimistic) {
      const optimistic = await this.postOptimistically(transactions, now);
      if (optimistic) return optimistic;
    }
    const refs = transactions.flatMap((t) => [...t.deltas().values()].map((d) => d.account));
    const rows = await this.lockAll(refs);
    const byKey = new Map(rows.map((r) => [accountKey(refOf(r.owner_id, r.kind, r.asset)), r]));

    // Decide before writing. A retry of a posted reference is a no-op even when
    // the funds are gone (its first run used them): only then are references looked up.
    let skip = new Set<string>();
    let short = check(transactions, byKey, skip);
    if (short) {
      skip = new Set((await this.existing(transactions.map((t) => t.reference))).keys());
      short = check(transactions, byKey, skip);
      if (short) return short;
    }

    const fresh = transactions.filter((t) => !skip.has(t.reference));
    const written = fresh.length > 0 ? await this.write(fresh, byKey, now) : { ids: new Map<string, string>(), balances: [] };
    const ids = written.ids;
    // Committed by another transaction while this one waited for the locks: duplicates after all.
    const late = fresh.filter((t) => !ids.has(t.reference));
    if (late.length > 0) {
      for (const t of late) skip.add(t.reference);
      if (check(transactions, byKey, skip)) throw new Error('a concurrent duplicate changed the balances this batch relied on');
    }
    const existing = skip.size > 0 ? await this.existing([...skip]) : new Map<string, string>();
    const results = transactions.map((t) => (ids.has(t.reference) ? { transactionId: ids.get(t.reference)!, duplicate: false } : { transactionId: existing.get(t.reference)!, duplicate: true }));
    return { kind: 'posted', results, balances: written.balances };
  }

  /**
   * The whole batch in ONE statement when every account is known (ids
   * cached): the accounts locked in id order first (an InitPlan reads the
   * locking CTE before any row is updated), then the same write as `write`.
   * The balance check is the accounts' CHECK constraints: an overdraft fails
   * the statement (and the caller's transaction) with OptimisticPostingRefused,
   * and the caller posts again without `optimistic` to learn which entry.
   * Returns undefined (nothing sent) when an account is not known yet.
   */
  private async postOptimistically(transactions: readonly LedgerTransaction[], now: Date): Promise<BatchOutcome | undefined> {
    const keys = [...new Set(transactions.flatMap((t) => [...t.deltas().keys()]))];
    const ids = keys.map((key) => this.knownAccounts.get(key));
    if (ids.some((id) => id === undefined)) return undefined;
    const byKey = new Map(keys.map((key, i) => [key, { id: ids[i]! } as AccountRow]));
    try {
      const written = await this.write(transactions, byKey, now, [...(ids as string[])].sort());
      // Every account a new transaction touched must have been updated, or the postings would not match the balances.
      const touched = new Set(transactions.filter((t) => written.ids.has(t.reference)).flatMap((t) => [...t.deltas().keys()]));
      if (written.balances.length !== touched.size) throw new Error('the optimistic ledger write did not update every account it posted to');
      const results = transactions.map((t) => {
        const id = written.ids.get(t.reference);
        return id !== undefined ? { transactionId: id, duplicate: false } : { transactionId: '', duplicate: true };
      });
      if (results.some((r) => r.duplicate)) {
        const existing = await this.existing(transactions.filter((t) => !written.ids.has(t.reference)).map((t) => t.reference));
        transactions.forEach((t, i) => {
          if (results[i]!.duplicate) results[i] = { transactionId: existing.get(t.reference)!, duplicate: true };
        });
      }
      return { kind: 'posted', results, balances: written.balances };
    } catch (error) {
      const code = (error as { driverError?: { code?: string }; code?: string }).driverError?.code ?? (error as { code?: string }).code;
      if (code === '23514') throw new OptimisticPostingRefused();
      throw error;
    }
  }

  /**
   * One statement: the transactions (ON CONFLICT on the reference: a
   * duplicate writes nothing), the postings of those inserted, and the
   * balances they change, returning both.
   */
  private async write(
    transactions: readonly LedgerTransaction[],
    byKey: Map<string, AccountRow>,
    now: Date,
    lockIds?: readonly string[],
  ): Promise<{ ids: Map<string, string>; balances: AccountBalance[] }> {
    const postings = transactions.flatMap((t) => t.postings.map((p) => ({ ...p, reference: t.reference, type: t.type })));
    const rows: { r: string; a: string; b: string; c: string | null; d: string | null; e: string | null; f: string | null }[] = await this.em.query(
      `${lockIds ? LOCK_FIRST : 'WITH'} tx AS (
         INSERT INTO wallet.ledger_transactions (id, type, reference, metadata, created_at)
         SELECT t.id, t.type, t.reference, t.metadata, $5 FROM unnest($1::uuid[], $2::text[], $3::text[], $4::jsonb[]) AS t(id, type, reference, metadata)
         ON CONFLICT (reference) DO NOTHING
         RETURNING id, reference
       ),
       p AS (
         SELECT p.*, tx.id AS transaction_id
           FROM unnest($6::text[], $7::uuid[], $8::text[], $9::text[], $10::numeric[], $11::text[]) AS p(reference, account_id, asset, bucket, amount, type)
           JOIN tx ON tx.reference = p.reference
       ),
       posted AS (
         INSERT INTO wallet.postings (transaction_id, account_id, asset, bucket, amount, type, created_at)
         SELECT transaction_id, account_id, asset, bucket, amount, type, $5 FROM p
       ),
       updated AS (
         UPDATE wallet.accounts a
            SET available = a.available + d.da, locked = a.locked + d.dl, updated_at = $5
           FROM (SELECT account_id,
                        sum(CASE WHEN bucket = 'AVAILABLE' THEN amount ELSE 0 END) AS da,
                        sum(CASE WHEN bucket = 'LOCKED' THEN amount ELSE 0 END) AS dl
                   FROM p GROUP BY account_id) AS d
          WHERE a.id = d.account_id${lockIds ? ' AND (SELECT count(*) FROM locked) = cardinality($12::uuid[])' : ''}
         RETURNING a.id, a.owner_id, a.kind, a.asset, a.available, a.locked
       )
       SELECT 'T' AS r, id::text AS a, reference AS b, NULL AS c, NULL AS d, NULL AS e, NULL AS f FROM tx
       UNION ALL
       SELECT 'A', id::text, owner_id::text, kind, asset, available::text, locked::text FROM updated`,
      [
        transactions.map(() => newId()),
        transactions.map((t) => t.type),
        transactions.map((t) => t.reference),
        transactions.map((t) => JSON.stringify(t.metadata)),
        now,
        postings.map((p) => p.reference),
        postings.map((p) => byKey.get(accountKey(p.account))!.id),
        postings.map((p) => p.account.asset),
        postings.map((p) => p.bucket),
        postings.map((p) => p.amount.toString()),
        postings.map((p) => p.type),
        ...(lockIds ? [lockIds] : []),
      ],
    );
    const ids = new Map<string, string>();
    const balances: AccountBalance[] = [];
    for (const row of rows) {
      if (row.r === 'T') ids.set(row.b, row.a);
      else balances.push(toBalance({ id: row.a, owner_id: row.b, kind: row.c!, asset: row.d!, available: row.e!, locked: row.f! }));
    }
    return { ids, balances };
  }

  /** A fresh statement: it sees what committed while this transaction waited for the account locks. */
  private async existing(references: readonly string[]): Promise<Map<string, string>> {
    const rows: { id: string; reference: string }[] = await this.em.query(`SELECT id, reference FROM wallet.ledger_transactions WHERE reference = ANY($1::text[])`, [references]);
    return new Map(rows.map((r) => [r.reference, r.id]));
  }

  async lock(account: AccountRef): Promise<AccountBalance> {
    const [row] = await this.lockAll([account]);
    return toBalance(row!);
  }

  async depositedSince(userId: string, asset: string, since: Date): Promise<bigint> {
    const [row] = await this.em.query(
      `SELECT COALESCE(sum(p.amount), 0)::text AS total
         FROM wallet.postings p JOIN wallet.accounts a ON a.id = p.account_id
        WHERE a.owner_id = $1 AND a.kind = 'SPOT' AND a.asset = $2
          AND p.type = $3 AND p.bucket = $4 AND p.created_at >= $5`,
      [userId, asset, LedgerEntryType.DEPOSIT, Bucket.AVAILABLE, since],
    );
    return BigInt((row as { total: string }).total);
  }

  /**
   * Locks the accounts in id order (concurrent postings never deadlock).
   * Missing accounts are created FIRST, before any lock is taken (a lock
   * held while creating is what deadlocks: measured under 150 parallel
   * transfers). Accounts are never deleted, so the ones this process has seen
   * need no creation round trip.
   */
  private async lockAll(refs: readonly AccountRef[]): Promise<AccountRow[]> {
    const accounts = [...new Map(refs.map((r) => [accountKey(r), r])).entries()].sort(([a], [b]) => (a < b ? -1 : 1));
    const owners = accounts.map(([, a]) => ownerOf(a));
    const kinds = accounts.map(([, a]) => a.kind);
    const assets = accounts.map(([, a]) => a.asset);
    let created = new Set<string>();
    if (!accounts.every(([key]) => this.knownAccounts.has(key))) {
      const inserted: { owner_id: string; kind: string; asset: string }[] = await this.em.query(
        `INSERT INTO wallet.accounts (id, owner_id, kind, asset)
         SELECT gen_random_uuid(), o, k, a FROM unnest($1::uuid[], $2::text[], $3::text[]) AS x(o, k, a)
         ON CONFLICT (owner_id, kind, asset) DO NOTHING
         RETURNING owner_id, kind, asset`,
        [owners, kinds, assets],
      );
      created = new Set(inserted.map((r) => accountKey(refOf(r.owner_id, r.kind, r.asset))));
    }
    const rows: AccountRow[] = await this.em.query(
      `SELECT a.id, a.owner_id, a.kind, a.asset, a.available::text, a.locked::text
         FROM wallet.accounts a JOIN unnest($1::uuid[], $2::text[], $3::text[]) AS x(o, k, s)
           ON a.owner_id = x.o AND a.kind = x.k AND a.asset = x.s
        ORDER BY a.id
        FOR UPDATE OF a`,
      [owners, kinds, assets],
    );
    if (rows.length !== accounts.length) throw new Error('ledger accounts missing after their creation');
    // Only rows committed by others are remembered: one this transaction created exists only if it commits.
    for (const row of rows) {
      const key = accountKey(refOf(row.owner_id, row.kind, row.asset));
      if (!created.has(key)) this.knownAccounts.set(key, row.id);
    }
    return rows;
  }
}

/** Applies the transactions one by one to the locked balances; the first that would overdraw an account, or none. */
function check(transactions: readonly LedgerTransaction[], rows: Map<string, AccountRow>, skip: ReadonlySet<string>): Insufficient | undefined {
  const running = new Map<string, { available: bigint; locked: bigint }>();
  for (const [index, t] of transactions.entries()) {
    if (skip.has(t.reference)) continue;
    for (const [key, delta] of t.deltas()) {
      const row = rows.get(key)!;
      const before = running.get(key) ?? { available: BigInt(row.available), locked: BigInt(row.locked) };
      const after = { available: before.available + delta.available, locked: before.locked + delta.locked };
      if ((after.available < 0n && !mayGoNegative(delta.account)) || after.locked < 0n) {
        const lockedShort = after.locked < 0n;
        return {
          kind: 'insufficient',
          index,
          account: delta.account,
          available: lockedShort ? before.locked : before.available,
          needed: lockedShort ? -delta.locked : -delta.available,
        };
      }
      running.set(key, after);
    }
  }
  return undefined;
}

function toBalance(row: AccountRow): AccountBalance {
  return { accountId: row.id, account: refOf(row.owner_id, row.kind, row.asset), available: BigInt(row.available), locked: BigInt(row.locked) };
}
