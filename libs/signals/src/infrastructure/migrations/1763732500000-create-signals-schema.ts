import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Signals (issue 19, docs/analytics.md "Signals"): users' rules on indicator
 * conditions and their firings, one per rule and closed candle.
 */
export class CreateSignalsSchema1763732500000 implements MigrationInterface {
  name = 'CreateSignalsSchema1763732500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS signals`);
    await q.query(`
      CREATE TABLE signals.rules (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL,
        name text NOT NULL,
        symbol text NOT NULL,
        interval text NOT NULL,
        conditions jsonb NOT NULL,
        direction text NOT NULL CONSTRAINT rules_direction_check CHECK (direction IN ('UP', 'DOWN')),
        horizon int NOT NULL CONSTRAINT rules_horizon_check CHECK (horizon BETWEEN 1 AND 500),
        active boolean NOT NULL,
        version int NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX rules_user_idx ON signals.rules (user_id, created_at)`);
    await q.query(`CREATE INDEX rules_active_idx ON signals.rules (symbol, interval) WHERE active`);
    await q.query(`
      CREATE TABLE signals.firings (
        id uuid PRIMARY KEY,
        rule_id uuid NOT NULL REFERENCES signals.rules (id) ON DELETE CASCADE,
        user_id uuid NOT NULL,
        symbol text NOT NULL,
        interval text NOT NULL,
        open_time timestamptz NOT NULL,
        close numeric(38, 0) NOT NULL,
        price_scale int NOT NULL,
        fired_at timestamptz NOT NULL,
        CONSTRAINT firings_once UNIQUE (rule_id, open_time)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA signals CASCADE`);
  }
}
