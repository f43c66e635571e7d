import { Injectable } from '@nestjs/common';
import { TransactionHost, TransactionalAdapterTypeOrm } from '@lib/platform';
import { EquityPoint } from '../../domain';
import { EquitySnapshot, EquitySnapshotRepository } from '../../application/ports';

@Injectable()
export class SqlEquitySnapshotRepository extends EquitySnapshotRepository {
  constructor(private readonly tx: TransactionHost<TransactionalAdapterTypeOrm>) {
    super();
  }

  async insert(snapshots: readonly EquitySnapshot[]): Promise<void> {
    if (snapshots.length === 0) return;
    await this.tx.tx.query(
      `INSERT INTO portfolio.equity_snapshots (user_id, taken_at, equity, cost, realized_pnl)
       SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::numeric[], $4::numeric[], $5::numeric[])
       ON CONFLICT (user_id, taken_at) DO NOTHING`,
      [
        snapshots.map((s) => s.userId),
        snapshots.map((s) => s.at.toISOString()),
        snapshots.map((s) => s.equity.toString()),
        snapshots.map((s) => s.cost.toString()),
        snapshots.map((s) => s.realizedPnl.toString()),
      ],
    );
  }

  async range(userId: string, from: Date, to: Date): Promise<EquityPoint[]> {
    const rows: { taken_at: Date; equity: string; cost: string; realized_pnl: string }[] = await this.tx.tx.query(
      `SELECT taken_at, equity::text, cost::text, realized_pnl::text
         FROM portfolio.equity_snapshots
        WHERE user_id = $1 AND taken_at >= $2 AND taken_at <= $3
        ORDER BY taken_at`,
      [userId, from, to],
    );
    return rows.map((r) => ({ at: r.taken_at, equity: BigInt(r.equity), cost: BigInt(r.cost), realizedPnl: BigInt(r.realized_pnl) }));
  }

  async prune(before: Date): Promise<number> {
    const result: [unknown[], number] = await this.tx.tx.query(`DELETE FROM portfolio.equity_snapshots WHERE taken_at < $1`, [before]);
    return result[1];
  }
}
