import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Users' kill switches (docs/risk.md, "Kill switch"): one per user and
 * settlement asset; max_daily_loss in the asset's smallest units;
 * triggered_at the last time it triggered (it blocks new exposure for the
 * rest of that UTC day).
 */
export class CreateKillSwitches1763730900000 implements MigrationInterface {
  name = 'CreateKillSwitches1763730900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE risk.kill_switches (
        user_id uuid NOT NULL,
        asset text NOT NULL,
        max_daily_loss numeric(38,0) NOT NULL,
        triggered_at timestamptz,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT kill_switches_pkey PRIMARY KEY (user_id, asset),
        CONSTRAINT kill_switches_limit_check CHECK (max_daily_loss > 0)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE risk.kill_switches`);
  }
}
