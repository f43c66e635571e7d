import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The portfolio's own read models, fed by the other contexts' events:
 * - cost_basis: per user and asset, what the user's fills account for
 *   (quantity in the asset's smallest units; cost and realized PnL in
 *   valuation units, 10^-6 USDT) and how many fills built it;
 * - holders: every user a balance change was seen for (who the snapshot job values);
 * - equity_snapshots: the equity curve, pruned after the retention.
 */
export class CreatePortfolioSchema1763728800000 implements MigrationInterface {
  name = 'CreatePortfolioSchema1763728800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS portfolio`);
    await q.query(`
      CREATE TABLE portfolio.cost_basis (
        user_id uuid NOT NULL,
        asset text NOT NULL,
        quantity numeric(38,0) NOT NULL,
        cost numeric(38,0) NOT NULL,
        realized_pnl numeric(38,0) NOT NULL,
        fills bigint NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT cost_basis_pkey PRIMARY KEY (user_id, asset),
        CONSTRAINT cost_basis_amounts_check CHECK (quantity >= 0 AND cost >= 0 AND fills >= 0)
      )`);
    await q.query(`
      CREATE TABLE portfolio.holders (
        user_id uuid NOT NULL,
        first_seen_at timestamptz NOT NULL,
        CONSTRAINT holders_pkey PRIMARY KEY (user_id)
      )`);
    await q.query(`
      CREATE TABLE portfolio.equity_snapshots (
        user_id uuid NOT NULL,
        taken_at timestamptz NOT NULL,
        equity numeric(38,0) NOT NULL,
        cost numeric(38,0) NOT NULL,
        realized_pnl numeric(38,0) NOT NULL,
        CONSTRAINT equity_snapshots_pkey PRIMARY KEY (user_id, taken_at),
        CONSTRAINT equity_snapshots_amounts_check CHECK (equity >= 0 AND cost >= 0)
      )`);
    await q.query(`CREATE INDEX equity_snapshots_taken_at_idx ON portfolio.equity_snapshots (taken_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE portfolio.equity_snapshots`);
    await q.query(`DROP TABLE portfolio.holders`);
    await q.query(`DROP TABLE portfolio.cost_basis`);
    await q.query(`DROP SCHEMA IF EXISTS portfolio`);
  }
}
