import { Injectable } from '@nestjs/common';
import { TransactionHost, TransactionalAdapterTypeOrm } from '@lib/platform';
import { Countdown, CountdownRepository } from '../../application/countdown/countdown';

interface CountdownRow {
  user_id: string;
  symbol: string;
  deadline: Date;
}

/** orders.countdowns in plain SQL; deadlines on the database's clock, to the millisecond (a JS Date holds them exactly). */
@Injectable()
export class SqlCountdownRepository extends CountdownRepository {
  constructor(private readonly tx: TransactionHost<TransactionalAdapterTypeOrm>) {
    super();
  }

  async arm(userId: string, symbol: string, ms: number): Promise<Date> {
    const rows: { deadline: Date }[] = await this.tx.tx.query(
      `INSERT INTO orders.countdowns (user_id, symbol, deadline)
       VALUES ($1, $2, date_trunc('milliseconds', now()) + $3::int * interval '1 millisecond')
       ON CONFLICT (user_id, symbol) DO UPDATE SET deadline = EXCLUDED.deadline
       RETURNING deadline`,
      [userId, symbol, ms],
    );
    return rows[0]!.deadline;
  }

  async clear(userId: string, symbol: string): Promise<void> {
    await this.tx.tx.query(`DELETE FROM orders.countdowns WHERE user_id = $1 AND symbol = $2`, [userId, symbol]);
  }

  async due(limit: number): Promise<Countdown[]> {
    const rows: CountdownRow[] = await this.tx.tx.query(
      `SELECT user_id, symbol, deadline FROM orders.countdowns WHERE deadline <= now() ORDER BY deadline LIMIT $1`,
      [limit],
    );
    return rows.map((r) => ({ userId: r.user_id, symbol: r.symbol, deadline: r.deadline }));
  }

  async remove(countdown: Countdown): Promise<boolean> {
    const gone: unknown[] = await this.tx.tx.query(
      // A CTE: the statement is a SELECT, so the driver answers its rows (a DELETE answers [rows, count]).
      `WITH gone AS (DELETE FROM orders.countdowns WHERE user_id = $1 AND symbol = $2 AND deadline = $3 RETURNING 1) SELECT * FROM gone`,
      [countdown.userId, countdown.symbol, countdown.deadline],
    );
    return gone.length > 0;
  }
}
