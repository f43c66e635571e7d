import { Injectable } from '@nestjs/common';
import { TransactionHost, TransactionalAdapterTypeOrm } from '@lib/platform';
import type { BacktestRequest } from '../application/backtest-request';
import { BacktestRunRepository, BacktestStatus, NewRun, RunEnd, StoredRun } from '../application/ports';

interface Row {
  seq: string;
  id: string;
  user_id: string;
  request: BacktestRequest;
  status: BacktestStatus;
  progress: number;
  result: unknown;
  error_code: string | null;
  error: string | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

const SUMMARY = `r.seq::text AS seq, r.id, r.user_id, r.request, r.status, r.progress, r.error_code, r.error, r.created_at, r.started_at, r.finished_at`;
const COLUMNS = `${SUMMARY}, r.result`;

const toRun = (r: Row): StoredRun => ({
  seq: BigInt(r.seq),
  id: r.id,
  userId: r.user_id,
  request: r.request,
  status: r.status,
  progress: Number(r.progress),
  result: r.result ?? null,
  errorCode: r.error_code,
  error: r.error,
  createdAt: r.created_at,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
});

/** backtests.runs in plain SQL, in the ambient transaction when there is one. */
@Injectable()
export class SqlBacktestRunRepository extends BacktestRunRepository {
  constructor(private readonly tx: TransactionHost<TransactionalAdapterTypeOrm>) {
    super();
  }

  async lockUser(userId: string): Promise<void> {
    await this.tx.tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('backtests:' || $1, 0))`, [userId]);
  }

  async pendingCounts(userId: string): Promise<{ ofUser: number; queued: number }> {
    const rows: { of_user: string; queued: string }[] = await this.tx.tx.query(
      `SELECT (SELECT count(*) FROM backtests.runs WHERE user_id = $1 AND status IN ('QUEUED', 'RUNNING'))::text AS of_user,
              (SELECT count(*) FROM backtests.runs WHERE status = 'QUEUED')::text AS queued`,
      [userId],
    );
    return { ofUser: Number(rows[0]!.of_user), queued: Number(rows[0]!.queued) };
  }

  async insert(run: NewRun): Promise<StoredRun> {
    const rows: Row[] = await this.tx.tx.query(
      `INSERT INTO backtests.runs AS r (id, user_id, request, status, created_at) VALUES ($1, $2, $3::jsonb, 'QUEUED', $4) RETURNING ${COLUMNS}`,
      [run.id, run.userId, JSON.stringify(run.request), run.createdAt],
    );
    return toRun(rows[0]!);
  }

  async ofUser(userId: string, id: string, lock = false): Promise<StoredRun | null> {
    const rows: Row[] = await this.tx.tx.query(`SELECT ${COLUMNS} FROM backtests.runs r WHERE r.id = $1 AND r.user_id = $2${lock ? ' FOR UPDATE' : ''}`, [id, userId]);
    return rows[0] ? toRun(rows[0]) : null;
  }

  async list(userId: string, beforeSeq: bigint | null, limit: number): Promise<StoredRun[]> {
    const rows: Row[] = await this.tx.tx.query(
      `SELECT ${SUMMARY}, NULL AS result FROM backtests.runs r
        WHERE r.user_id = $1 AND ($2::bigint IS NULL OR r.seq < $2::bigint)
        ORDER BY r.seq DESC LIMIT $3`,
      [userId, beforeSeq?.toString() ?? null, limit],
    );
    return rows.map(toRun);
  }

  async claimNext(maxRunningPerUser: number, now: Date): Promise<StoredRun | null> {
    const rows: Row[] = await this.tx.tx.query(
      `WITH next AS (
         SELECT q.id FROM backtests.runs q
          WHERE q.status = 'QUEUED'
            AND (SELECT count(*) FROM backtests.runs x WHERE x.user_id = q.user_id AND x.status = 'RUNNING') < $1
          ORDER BY q.seq LIMIT 1 FOR UPDATE SKIP LOCKED),
       r AS (UPDATE backtests.runs u SET status = 'RUNNING', started_at = $2, heartbeat_at = $2 FROM next WHERE u.id = next.id RETURNING u.*)
       SELECT ${COLUMNS} FROM r`,
      [maxRunningPerUser, now],
    );
    return rows[0] ? toRun(rows[0]) : null;
  }

  async progress(id: string, progress: number, now: Date): Promise<boolean> {
    const rows: unknown[] = await this.tx.tx.query(
      `WITH s AS (UPDATE backtests.runs SET progress = GREATEST(progress, $2), heartbeat_at = $3 WHERE id = $1 AND status = 'RUNNING' RETURNING id) SELECT id FROM s`,
      [id, progress, now],
    );
    return rows.length === 1;
  }

  async finish(id: string, outcome: RunEnd, now: Date): Promise<boolean> {
    const done = outcome.status === 'DONE';
    const rows: unknown[] = await this.tx.tx.query(
      `WITH s AS (UPDATE backtests.runs SET status = $2, progress = CASE WHEN $2 = 'DONE' THEN 100 ELSE progress END,
                  result = $3::jsonb, error_code = $4, error = $5, finished_at = $6, heartbeat_at = NULL
                WHERE id = $1 AND status = 'RUNNING' RETURNING id) SELECT id FROM s`,
      [id, outcome.status, done ? JSON.stringify(outcome.result) : null, done ? null : outcome.errorCode, done ? null : outcome.error, now],
    );
    return rows.length === 1;
  }

  async cancel(id: string, now: Date): Promise<boolean> {
    const rows: unknown[] = await this.tx.tx.query(
      `WITH s AS (UPDATE backtests.runs SET status = 'CANCELLED', finished_at = $2, heartbeat_at = NULL
                WHERE id = $1 AND status IN ('QUEUED', 'RUNNING') RETURNING id) SELECT id FROM s`,
      [id, now],
    );
    return rows.length === 1;
  }

  async failStale(before: Date, now: Date): Promise<StoredRun[]> {
    const rows: Row[] = await this.tx.tx.query(
      `WITH r AS (UPDATE backtests.runs SET status = 'FAILED', error_code = 'INTERRUPTED', finished_at = $2, heartbeat_at = NULL,
                   error = 'The server running it stopped before it finished; submit it again'
                 WHERE status = 'RUNNING' AND heartbeat_at < $1 RETURNING *)
       SELECT ${SUMMARY}, NULL AS result FROM r`,
      [before, now],
    );
    return rows.map(toRun);
  }
}
