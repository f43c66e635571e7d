import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Operational alerts (issue 17): one row per raising of a condition (code,
 * subject), cleared when the condition ends. At most one open row per
 * condition: the partial unique index makes "raised once" hold across
 * instances and restarts.
 */
export class CreateAlerts1763731310000 implements MigrationInterface {
  name = 'CreateAlerts1763731310000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE platform.alerts (
        id uuid PRIMARY KEY,
        code text NOT NULL,
        subject text NOT NULL,
        severity text NOT NULL,
        message text NOT NULL,
        details jsonb,
        raised_at timestamptz NOT NULL,
        cleared_at timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX alerts_open_key ON platform.alerts (code, subject) WHERE cleared_at IS NULL`);
    await q.query(`CREATE INDEX alerts_raised_at_idx ON platform.alerts (raised_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE platform.alerts`);
  }
}
