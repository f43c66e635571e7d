import { Injectable } from '@nestjs/common';
import { TransactionHost, TransactionalAdapterTypeOrm } from '@lib/platform';
import { CostBasisKey, CostBasisRepository, CostBasisRow, UserCostBasisRow } from '../../application/ports';

interface Row {
  asset: string;
  quantity: string;
  cost: string;
  realized_pnl: string;
  fills: string;
}

const COLUMNS = `asset, quantity::text, cost::text, realized_pnl::text, fills::text`;

@Injectable()
export class SqlCostBasisRepository extends CostBasisRepository {
  constructor(private readonly tx: TransactionHost<TransactionalAdapterTypeOrm>) {
    super();
  }

  async listForUser(userId: string): Promise<CostBasisRow[]> {
    const rows: Row[] = await this.tx.tx.query(`SELECT ${COLUMNS} FROM portfolio.cost_basis WHERE user_id = $1 ORDER BY asset`, [userId]);
    return rows.map(toRow);
  }

  async lockMany(keys: readonly CostBasisKey[]): Promise<UserCostBasisRow[]> {
    if (keys.length === 0) return [];
    // ORDER BY under FOR UPDATE: the rows are locked in (user, asset) order, so two batches never lock in opposite orders.
    const rows: (Row & { user_id: string })[] = await this.tx.tx.query(
      `SELECT c.user_id::text AS user_id, c.asset, c.quantity::text, c.cost::text, c.realized_pnl::text, c.fills::text
         FROM portfolio.cost_basis c
        WHERE (c.user_id, c.asset) IN (SELECT k.user_id, k.asset FROM unnest($1::uuid[], $2::text[]) AS k(user_id, asset))
        ORDER BY c.user_id, c.asset
          FOR UPDATE OF c`,
      [keys.map((k) => k.userId), keys.map((k) => k.asset)],
    );
    return rows.map((r) => ({ userId: r.user_id, ...toRow(r) }));
  }

  async saveMany(rows: readonly UserCostBasisRow[], at: Date): Promise<void> {
    if (rows.length === 0) return;
    await this.tx.tx.query(
      `INSERT INTO portfolio.cost_basis (user_id, asset, quantity, cost, realized_pnl, fills, updated_at)
       SELECT r.user_id, r.asset, r.quantity, r.cost, r.realized_pnl, r.fills, $7
         FROM unnest($1::uuid[], $2::text[], $3::numeric[], $4::numeric[], $5::numeric[], $6::bigint[])
              AS r(user_id, asset, quantity, cost, realized_pnl, fills)
        ORDER BY r.user_id, r.asset
       ON CONFLICT (user_id, asset) DO UPDATE
         SET quantity = EXCLUDED.quantity, cost = EXCLUDED.cost, realized_pnl = EXCLUDED.realized_pnl,
             fills = EXCLUDED.fills, updated_at = EXCLUDED.updated_at`,
      [
        rows.map((r) => r.userId),
        rows.map((r) => r.asset),
        rows.map((r) => r.quantity.toString()),
        rows.map((r) => r.cost.toString()),
        rows.map((r) => r.realizedPnl.toString()),
        rows.map((r) => r.fills.toString()),
        at,
      ],
    );
  }
}

function toRow(r: Row): CostBasisRow {
  return { asset: r.asset, quantity: BigInt(r.quantity), cost: BigInt(r.cost), realizedPnl: BigInt(r.realized_pnl), fills: Number(r.fills) };
}
