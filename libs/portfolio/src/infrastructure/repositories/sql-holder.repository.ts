import { Injectable } from '@nestjs/common';
import { TransactionHost, TransactionalAdapterTypeOrm } from '@lib/platform';
import { HolderRepository } from '../../application/ports';

@Injectable()
export class SqlHolderRepository extends HolderRepository {
  constructor(private readonly tx: TransactionHost<TransactionalAdapterTypeOrm>) {
    super();
  }

  async touch(userIds: readonly string[], at: Date): Promise<void> {
    if (userIds.length === 0) return;
    // Distinct and sorted: concurrent inserts of overlapping sets wait on each other in one order.
    await this.tx.tx.query(
      `INSERT INTO portfolio.holders (user_id, first_seen_at)
       SELECT DISTINCT id, $2::timestamptz FROM unnest($1::uuid[]) AS id ORDER BY id
       ON CONFLICT (user_id) DO NOTHING`,
      [userIds, at],
    );
  }

  async page(afterUserId: string | undefined, limit: number): Promise<string[]> {
    const rows: { user_id: string }[] = await this.tx.tx.query(
      `SELECT user_id FROM portfolio.holders WHERE ($1::uuid IS NULL OR user_id > $1::uuid) ORDER BY user_id LIMIT $2`,
      [afterUserId ?? null, limit],
    );
    return rows.map((r) => r.user_id);
  }
}
