import { Injectable } from '@nestjs/common';
import { TransactionHost, TransactionalAdapterTypeOrm } from '@lib/platform';
import { Bucket, LedgerEntryType, NEGATIVE_SYSTEM_ACCOUNTS, SystemAccountKind, UserAccountKind } from '../../domain';
import type { InsuranceFundMovement } from '../../application/queries/get-insurance-fund/get-insurance-fund.query';
import { BalanceRow, HistoryFilter, HistoryRow, LockedAndClearingRows, ReconcileRows, WalletReadModel } from '../../application/ports';
import { SYSTEM_OWNER } from './account-refs';

@Injectable()
export class SqlWalletReadModel extends WalletReadModel {
  constructor(private readonly tx: TransactionHost<TransactionalAdapterTypeOrm>) {
    super();
  }

  async balances(userId: string): Promise<BalanceRow[]> {
    const rows: { kind: string; asset: string; available: string; locked: string }[] = await this.tx.tx.query(
      `SELECT kind, asset, available::text, locked::text FROM wallet.accounts WHERE owner_id = $1`,
      [userId],
    );
    return rows.map((r) => ({ kind: r.kind as UserAccountKind, asset: r.asset, available: BigInt(r.available), locked: BigInt(r.locked) }));
  }

  async available(userId: string, kind: UserAccountKind, asset: string): Promise<bigint> {
    const rows: { available: string }[] = await this.tx.tx.query(
      `SELECT available::text FROM wallet.accounts WHERE owner_id = $1 AND kind = $2 AND asset = $3`,
      [userId, kind, asset],
    );
    return rows[0] ? BigInt(rows[0].available) : 0n;
  }

  async availableMany(refs: readonly { userId: string; kind: UserAccountKind; asset: string }[]): Promise<bigint[]> {
    if (refs.length === 0) return [];
    const rows: { n: string; available: string | null }[] = await this.tx.tx.query(
      `SELECT x.n::text, a.available::text
         FROM unnest($1::uuid[], $2::text[], $3::text[]) WITH ORDINALITY AS x(o, k, s, n)
         LEFT JOIN wallet.accounts a ON a.owner_id = x.o AND a.kind = x.k AND a.asset = x.s`,
      [refs.map((r) => r.userId), refs.map((r) => r.kind), refs.map((r) => r.asset)],
    );
    const out = refs.map(() => 0n);
    for (const row of rows) if (row.available !== null) out[Number(row.n) - 1] = BigInt(row.available);
    return out;
  }

  async marginResultSince(userId: string, asset: string, since: Date): Promise<bigint> {
    const rows: { total: string }[] = await this.tx.tx.query(
      `SELECT COALESCE(sum(p.amount), 0)::text AS total
         FROM wallet.postings p JOIN wallet.accounts a ON a.id = p.account_id
        WHERE a.owner_id = $1 AND a.kind = 'MARGIN' AND a.asset = $2 AND p.type IN ('TRADE', 'FUNDING') AND p.created_at >= $3`,
      [userId, asset, since],
    );
    return BigInt(rows[0]!.total);
  }

  async systemAvailable(kind: SystemAccountKind, assets: readonly string[]): Promise<Map<string, bigint>> {
    const out = new Map<string, bigint>(assets.map((a) => [a, 0n]));
    if (assets.length === 0) return out;
    const rows: { asset: string; available: string }[] = await this.tx.tx.query(
      `SELECT asset, available::text FROM wallet.accounts WHERE owner_id = $1 AND kind = $2 AND asset = ANY($3::text[])`,
      [SYSTEM_OWNER, kind, assets],
    );
    for (const row of rows) out.set(row.asset, BigInt(row.available));
    return out;
  }

  async systemHistory(kind: SystemAccountKind, filter: { readonly asset?: string; readonly beforeId?: bigint; readonly limit: number }): Promise<InsuranceFundMovement[]> {
    const rows: { id: string; transaction_id: string; type: string; asset: string; amount: string; reference: string; created_at: Date }[] = await this.tx.tx.query(
      `SELECT p.id::text, p.transaction_id, p.type, p.asset, p.amount::text, t.reference, p.created_at
         FROM wallet.postings p
         JOIN wallet.accounts a ON a.id = p.account_id
         JOIN wallet.ledger_transactions t ON t.id = p.transaction_id
        WHERE a.owner_id = $1 AND a.kind = $2
          AND ($3::text IS NULL OR p.asset = $3)
          AND ($4::bigint IS NULL OR p.id < $4)
        ORDER BY p.id DESC
        LIMIT $5`,
      [SYSTEM_OWNER, kind, filter.asset ?? null, filter.beforeId?.toString() ?? null, filter.limit],
    );
    return rows.map((r) => ({ id: BigInt(r.id), transactionId: r.transaction_id, type: r.type, asset: r.asset, amount: BigInt(r.amount), reference: r.reference, createdAt: r.created_at }));
  }

  async history(userId: string, filter: HistoryFilter): Promise<HistoryRow[]> {
    const rows: { id: string; transaction_id: string; type: string; kind: string; asset: string; bucket: string; amount: string; created_at: Date }[] =
      await this.tx.tx.query(
        `SELECT p.id::text, p.transaction_id, p.type, a.kind, p.asset, p.bucket, p.amount::text, p.created_at
           FROM wallet.postings p JOIN wallet.accounts a ON a.id = p.account_id
          WHERE a.owner_id = $1
            AND ($2::text IS NULL OR p.asset = $2)
            AND ($3::text IS NULL OR p.type = $3)
            AND ($4::timestamptz IS NULL OR p.created_at >= $4)
            AND ($5::timestamptz IS NULL OR p.created_at < $5)
            AND ($6::bigint IS NULL OR p.id < $6)
          ORDER BY p.id DESC
          LIMIT $7`,
        [userId, filter.asset ?? null, filter.type ?? null, filter.from ?? null, filter.to ?? null, filter.beforeId?.toString() ?? null, filter.limit],
      );
    return rows.map((r) => ({
      id: BigInt(r.id),
      transactionId: r.transaction_id,
      type: r.type as LedgerEntryType,
      account: r.kind as UserAccountKind,
      asset: r.asset,
      bucket: r.bucket as Bucket,
      amount: BigInt(r.amount),
      createdAt: r.created_at,
    }));
  }

  async reconcile(): Promise<ReconcileRows> {
    const em = this.tx.tx;
    const sums: { asset: string; total: string; n: string }[] = await em.query(
      `SELECT asset, sum(amount)::text AS total, count(*)::text AS n FROM wallet.postings GROUP BY asset ORDER BY asset`,
    );
    const mismatched: { id: string; owner_id: string; kind: string; asset: string; available: string; locked: string; pa: string; pl: string }[] =
      await em.query(
        `SELECT a.id, a.owner_id, a.kind, a.asset, a.available::text, a.locked::text, s.pa::text, s.pl::text
           FROM wallet.accounts a
           LEFT JOIN LATERAL (
             SELECT COALESCE(sum(amount) FILTER (WHERE bucket = 'AVAILABLE'), 0) AS pa,
                    COALESCE(sum(amount) FILTER (WHERE bucket = 'LOCKED'), 0) AS pl
               FROM wallet.postings p WHERE p.account_id = a.id) s ON true
          WHERE a.available <> s.pa OR a.locked <> s.pl`,
      );
    // Below zero is fine only for the available balance of the system accounts that may go negative (EXTERNAL, CLEARING).
    const negative: { id: string; owner_id: string; kind: string; asset: string; available: string; locked: string }[] = await em.query(
      `SELECT id, owner_id, kind, asset, available::text, locked::text FROM wallet.accounts
        WHERE (available < 0 AND NOT (owner_id = $1 AND kind = ANY($2::text[]))) OR locked < 0`,
      [SYSTEM_OWNER, NEGATIVE_SYSTEM_ACCOUNTS],
    );
    return {
      sums: sums.map((s) => ({ asset: s.asset, sum: BigInt(s.total), postings: Number(s.n) })),
      mismatched: mismatched.map((m) => ({
        accountId: m.id,
        ownerId: m.owner_id,
        kind: m.kind,
        asset: m.asset,
        available: BigInt(m.available),
        locked: BigInt(m.locked),
        postedAvailable: BigInt(m.pa),
        postedLocked: BigInt(m.pl),
      })),
      negative: negative.map((n) => ({ accountId: n.id, ownerId: n.owner_id, kind: n.kind, asset: n.asset, available: BigInt(n.available), locked: BigInt(n.locked) })),
    };
  }

  async lockedAndClearing(): Promise<LockedAndClearingRows> {
    // A pending withdrawal holds its amount on SPOT.locked (WITHDRAWAL_HOLD); the full join keeps one whose account
    // shows nothing locked, and an account locked for no withdrawal. Accounts with nothing locked and none pending are left out.
    const locked: { owner_id: string; kind: string; asset: string; locked: string; withdrawals: string }[] = await this.tx.tx.query(
      `WITH pending AS (
         SELECT user_id AS owner_id, 'SPOT'::text AS kind, asset, sum(amount) AS amount FROM wallet.withdrawals WHERE status = 'PENDING' GROUP BY user_id, asset)
       SELECT COALESCE(a.owner_id, w.owner_id) AS owner_id, COALESCE(a.kind, w.kind) AS kind, COALESCE(a.asset, w.asset) AS asset,
              COALESCE(a.locked, 0)::text AS locked, COALESCE(w.amount, 0)::text AS withdrawals
         FROM (SELECT owner_id, kind, asset, locked FROM wallet.accounts WHERE locked <> 0) a
         FULL JOIN pending w ON w.owner_id = a.owner_id AND w.kind = a.kind AND w.asset = a.asset`,
    );
    const clearing: { asset: string; available: string }[] = await this.tx.tx.query(
      `SELECT asset, available::text FROM wallet.accounts WHERE owner_id = $1 AND kind = $2 ORDER BY asset`,
      [SYSTEM_OWNER, SystemAccountKind.CLEARING],
    );
    return {
      locked: locked.map((r) => ({ ownerId: r.owner_id, kind: r.kind, asset: r.asset, locked: BigInt(r.locked), pendingWithdrawals: BigInt(r.withdrawals) })),
      clearing: clearing.map((r) => ({ asset: r.asset, balance: BigInt(r.available) })),
    };
  }
}
