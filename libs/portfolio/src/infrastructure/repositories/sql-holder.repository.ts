import { Injectable } from '@nestjs/common';
import { TransactionHost, TransactionalAdapterTypeOrm } from '@lib/platform';
import { HolderRepository } from '../../application/ports';

@Injectable()
export class SqlHolderRepository extends HolderRepository {
  constructor(private readonly tx: TransactionHost<TransactionalAdapterTypeOrm>) {
    super();
  }

  async touch(userId: string, at: Date): Promise<void> {
    await this.tx.tx.query(`INSERT INTO portfolio.holders (user_id, first_seen_at) VALUES ($1, $2) ON CONFLICT (user_id) DO NOTHING`, [userId, at]);
  }

  async page(afterUserId: string | undefined, limit: number): Promise<string[]> {
    const rows: { user_id: string }[] = await this.tx.tx.query(
      `SELECT user_id FROM portfolio.holders WHERE ($1::uuid IS NULL OR user_id > $1::uuid) ORDER BY user_id LIMIT $2`,
      [afterUserId ?? null, limit],
    );
    return rows.map((r) => r.user_id);
  }
}
