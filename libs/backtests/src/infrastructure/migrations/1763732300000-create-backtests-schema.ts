import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The backtests context (docs/analytics.md, "Backtests").
 * - runs: one row per backtest. `request` is the normalised request (defaults filled in: the fee
 *   rate is the market's taker fee at submission); `result` the figures, trades and equity curves
 *   once DONE (decimal strings). `seq` orders a user's list (the cursor). `heartbeat_at` is touched
 *   by the instance running it (with each progress step, and at least every BACKTEST_STALE_MS / 3):
 *   a RUNNING row left untouched longer is an interrupted run (FAILED INTERRUPTED).
 */
export class CreateBacktestsSchema1763732300000 implements MigrationInterface {
  name = 'CreateBacktestsSchema1763732300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS backtests`);
    await q.query(`
      CREATE TABLE backtests.runs (
        id uuid NOT NULL,
        seq bigserial NOT NULL,
        user_id uuid NOT NULL,
        request jsonb NOT NULL,
        status text NOT NULL,
        progress smallint NOT NULL DEFAULT 0,
        result jsonb,
        error_code text,
        error text,
        created_at timestamptz NOT NULL,
        started_at timestamptz,
        finished_at timestamptz,
        heartbeat_at timestamptz,
        CONSTRAINT runs_pkey PRIMARY KEY (id),
        CONSTRAINT runs_seq_key UNIQUE (seq),
        CONSTRAINT runs_status_check CHECK (status IN ('QUEUED', 'RUNNING', 'DONE', 'FAILED', 'CANCELLED')),
        CONSTRAINT runs_progress_check CHECK (progress BETWEEN 0 AND 100)
      )`);
    await q.query(`CREATE INDEX runs_user_idx ON backtests.runs (user_id, seq DESC)`);
    await q.query(`CREATE INDEX runs_queued_idx ON backtests.runs (seq) WHERE status = 'QUEUED'`);
    await q.query(`CREATE INDEX runs_pending_user_idx ON backtests.runs (user_id, status) WHERE status IN ('QUEUED', 'RUNNING')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA backtests CASCADE`);
  }
}
