import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An index of the outbox by the `userId` of the payload, for the /user
 * stream's `resume` (OutboxUserEvents): one user's events after a position,
 * in id order, without scanning everyone's. Partial: only events that name a
 * user are indexed.
 *
 * Built inside the migration's transaction (the TypeORM CLI runs migrations
 * in one transaction, where CONCURRENTLY is not allowed), so outbox writes
 * wait while it builds. On a large outbox create it beforehand with
 * `CREATE INDEX CONCURRENTLY outbox_user_id_idx ...` (same definition): the
 * migration then finds it and does nothing.
 */
export class IndexOutboxByUser1763729000000 implements MigrationInterface {
  name = 'IndexOutboxByUser1763729000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX IF NOT EXISTS outbox_user_id_idx ON platform.outbox ((payload->>'userId'), id) WHERE payload ? 'userId'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS platform.outbox_user_id_idx`);
  }
}
