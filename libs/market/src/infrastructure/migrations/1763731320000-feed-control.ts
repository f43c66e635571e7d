import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The feed's switch (issue 17): an admin pauses the price feed (a drill of a
 * stale feed, or an upstream known to be wrong) and resumes it; whichever
 * instance leads the feed reads it on every tick. One row.
 */
export class FeedControl1763731320000 implements MigrationInterface {
  name = 'FeedControl1763731320000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE market.feed_control (
        id boolean PRIMARY KEY DEFAULT true CONSTRAINT feed_control_one_row CHECK (id),
        paused boolean NOT NULL DEFAULT false,
        reason text,
        changed_by uuid,
        changed_at timestamptz
      )`);
    await q.query(`INSERT INTO market.feed_control (id, paused) VALUES (true, false)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE market.feed_control`);
  }
}
