import { Injectable } from '@nestjs/common';
import { TransactionHost, TransactionalAdapterTypeOrm } from '@lib/platform';
import { KillSwitchRepository } from '../../application/ports/kill-switch.repository.port';
import type { KillSwitch } from '../../domain';

interface Row {
  user_id: string;
  asset: string;
  max_daily_loss: string;
  triggered_at: Date | null;
}

const COLUMNS = `user_id, asset, max_daily_loss::text AS max_daily_loss, triggered_at`;
const toSwitch = (r: Row): KillSwitch => ({ userId: r.user_id, asset: r.asset, maxDailyLoss: BigInt(r.max_daily_loss), triggeredAt: r.triggered_at });

/** risk.kill_switches in plain SQL, in the ambient transaction when there is one. */
@Injectable()
export class SqlKillSwitchRepository extends KillSwitchRepository {
  constructor(private readonly tx: TransactionHost<TransactionalAdapterTypeOrm>) {
    super();
  }

  async arm(userId: string, asset: string, maxDailyLoss: bigint, now: Date): Promise<KillSwitch> {
    const rows: Row[] = await this.tx.tx.query(
      `INSERT INTO risk.kill_switches (user_id, asset, max_daily_loss, triggered_at, created_at, updated_at) VALUES ($1, $2, $3, NULL, $4, $4)
       ON CONFLICT (user_id, asset) DO UPDATE SET max_daily_loss = EXCLUDED.max_daily_loss, updated_at = EXCLUDED.updated_at
       RETURNING ${COLUMNS}`,
      [userId, asset, maxDailyLoss.toString(), now],
    );
    return toSwitch(rows[0]!);
  }

  async ofUser(userId: string): Promise<KillSwitch[]> {
    const rows: Row[] = await this.tx.tx.query(`SELECT ${COLUMNS} FROM risk.kill_switches WHERE user_id = $1 ORDER BY asset`, [userId]);
    return rows.map(toSwitch);
  }

  async armedSince(since: Date): Promise<KillSwitch[]> {
    const rows: Row[] = await this.tx.tx.query(`SELECT ${COLUMNS} FROM risk.kill_switches WHERE triggered_at IS NULL OR triggered_at < $1`, [since]);
    return rows.map(toSwitch);
  }

  async triggeredSince(since: Date): Promise<KillSwitch[]> {
    const rows: Row[] = await this.tx.tx.query(`SELECT ${COLUMNS} FROM risk.kill_switches WHERE triggered_at >= $1`, [since]);
    return rows.map(toSwitch);
  }

  async trigger(userId: string, asset: string, at: Date, since: Date): Promise<boolean> {
    const rows: unknown[] = await this.tx.tx.query(
      // A CTE: the statement is a SELECT, so the driver answers its rows (an UPDATE answers [rows, count]).
      `WITH t AS (UPDATE risk.kill_switches SET triggered_at = $3, updated_at = $3
         WHERE user_id = $1 AND asset = $2 AND (triggered_at IS NULL OR triggered_at < $4) RETURNING user_id)
       SELECT user_id FROM t`,
      [userId, asset, at, since],
    );
    return rows.length === 1;
  }

  async clear(userId: string, asset: string): Promise<boolean> {
    const rows: unknown[] = await this.tx.tx.query(`WITH t AS (DELETE FROM risk.kill_switches WHERE user_id = $1 AND asset = $2 RETURNING user_id) SELECT user_id FROM t`, [userId, asset]);
    return rows.length === 1;
  }
}
