import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When a row was written (the transaction's `now()`), for retention. The
 * event's own `occurred_at` is the caller's domain time and may lie in the
 * past (an event about something that happened earlier): pruning by it would
 * delete such an event as soon as it is published. Existing rows get the time
 * of this migration (a constant default: no table rewrite).
 */
export class OutboxRecordedAt1763729600000 implements MigrationInterface {
  name = 'OutboxRecordedAt1763729600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE platform.outbox ADD COLUMN recorded_at timestamptz NOT NULL DEFAULT now()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE platform.outbox DROP COLUMN recorded_at`);
  }
}
