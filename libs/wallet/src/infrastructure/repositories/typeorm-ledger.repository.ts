import { Injectable } from '@nestjs/common';
import { newId } from '@lib/kernel';
import { TransactionHost, TransactionalAdapterTypeOrm } from '@lib/platform';
import { EntityManager } from 'typeorm';
import { AccountRef, Bucket, LedgerEntryType, LedgerTransaction, accountKey, mayGoNegative } from '../../domain';
import { AccountBalance, LedgerRepository, PostOutcome } from '../../application/ports';
import { ownerOf, refOf } from './account-refs';

interface AccountRow {
  id: string;
  owner_id: string;
  kind: string;
  asset: string;
  available: string;
  locked: string;
}

/**
 * The ledger in SQL. Five round trips per posting, all on the ambient
 * transaction's connection: create missing accounts, lock them (id order),
 * insert the transaction (ON CONFLICT on the reference = duplicate), insert
 * the postings, update the balances. The balance check happens in between,
 * on locked rows, so nothing is written when it fails.
 */
@Injectable()
export class TypeOrmLedgerRepository extends LedgerRepository {
  constructor(private readonly tx: TransactionHost<TransactionalAdapterTypeOrm>) {
    super();
  }

  private get em(): EntityManager {
    if (!this.tx.isTransactionActive()) throw new Error('ledger writes need a transaction');
    return this.tx.tx;
  }

  async post(transaction: LedgerTransaction, now: Date): Promise<PostOutcome> {
    const deltas = [...transaction.deltas().values()];
    const rows = await this.lockAll(deltas.map((d) => d.account));
    const byKey = new Map(rows.map((r) => [accountKey(refOf(r.owner_id, r.kind, r.asset)), r]));

    for (const delta of deltas) {
      const row = byKey.get(accountKey(delta.account))!;
      const available = BigInt(row.available) + delta.available;
      const locked = BigInt(row.locked) + delta.locked;
      if ((available < 0n && !mayGoNegative(delta.account)) || locked < 0n) {
        // A retry of a posted reference is a no-op even when the funds are gone (its first run used them).
        const existing = await this.existing(transaction.reference);
        if (existing) return { kind: 'duplicate', transactionId: existing };
        const shortBucket = locked < 0n ? BigInt(row.locked) : BigInt(row.available);
        const needed = locked < 0n ? -delta.locked : -delta.available;
        return { kind: 'insufficient', account: delta.account, available: shortBucket, needed };
      }
    }

    const transactionId = newId();
    const inserted: { id: string }[] = await this.em.query(
      `INSERT INTO wallet.ledger_transactions (id, type, reference, metadata, created_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (reference) DO NOTHING RETURNING id`,
      [transactionId, transaction.type, transaction.reference, JSON.stringify(transaction.metadata), now],
    );
    if (inserted.length === 0) return { kind: 'duplicate', transactionId: (await this.existing(transaction.reference))! };

    const postings = transaction.postings;
    await this.em.query(
      `INSERT INTO wallet.postings (transaction_id, account_id, asset, bucket, amount, type, created_at)
       SELECT $1, p.account_id, p.asset, p.bucket, p.amount, $2, $3
         FROM unnest($4::uuid[], $5::text[], $6::text[], $7::numeric[]) AS p(account_id, asset, bucket, amount)`,
      [
        transactionId,
        transaction.type,
        now,
        postings.map((p) => byKey.get(accountKey(p.account))!.id),
        postings.map((p) => p.account.asset),
        postings.map((p) => p.bucket),
        postings.map((p) => p.amount.toString()),
      ],
    );
    // TypeORM answers an UPDATE with [rows, rowCount].
    const [updated]: [AccountRow[], number] = await this.em.query(
      `UPDATE wallet.accounts a SET available = a.available + d.da, locked = a.locked + d.dl, updated_at = $4
         FROM unnest($1::uuid[], $2::numeric[], $3::numeric[]) AS d(id, da, dl)
        WHERE a.id = d.id
        RETURNING a.id, a.owner_id, a.kind, a.asset, a.available::text, a.locked::text`,
      [
        deltas.map((d) => byKey.get(accountKey(d.account))!.id),
        deltas.map((d) => d.available.toString()),
        deltas.map((d) => d.locked.toString()),
        now,
      ],
    );
    return { kind: 'posted', transactionId, balances: updated.map(toBalance) };
  }

  /** A fresh statement: it sees what committed while this transaction waited for the account locks. */
  private async existing(reference: string): Promise<string | undefined> {
    const rows: { id: string }[] = await this.em.query(`SELECT id FROM wallet.ledger_transactions WHERE reference = $1`, [reference]);
    return rows[0]?.id;
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

  /** Creates missing accounts, then locks all of them in id order: concurrent postings never deadlock. */
  private async lockAll(refs: readonly AccountRef[]): Promise<AccountRow[]> {
    // Sorted and unique: two transactions creating the same new accounts insert them in the same order.
    const accounts = [...new Map(refs.map((r) => [accountKey(r), r])).entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, r]) => r);
    const owners = accounts.map(ownerOf);
    const kinds = accounts.map((a) => a.kind);
    const assets = accounts.map((a) => a.asset);
    await this.em.query(
      `INSERT INTO wallet.accounts (id, owner_id, kind, asset)
       SELECT gen_random_uuid(), o, k, a FROM unnest($1::uuid[], $2::text[], $3::text[]) AS x(o, k, a)
       ON CONFLICT (owner_id, kind, asset) DO NOTHING`,
      [owners, kinds, assets],
    );
    return this.em.query(
      `SELECT a.id, a.owner_id, a.kind, a.asset, a.available::text, a.locked::text
         FROM wallet.accounts a JOIN unnest($1::uuid[], $2::text[], $3::text[]) AS x(o, k, s)
           ON a.owner_id = x.o AND a.kind = x.k AND a.asset = x.s
        ORDER BY a.id
        FOR UPDATE OF a`,
      [owners, kinds, assets],
    );
  }
}

function toBalance(row: AccountRow): AccountBalance {
  return { accountId: row.id, account: refOf(row.owner_id, row.kind, row.asset), available: BigInt(row.available), locked: BigInt(row.locked) };
}
