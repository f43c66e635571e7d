import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The admin audit log (issue 17): one row per admin action, written in the
 * action's transaction, each with the hash of the row before (a hash chain:
 * a row changed or removed afterwards breaks every hash after it).
 */
export class CreateAuditLog1763731300000 implements MigrationInterface {
  name = 'CreateAuditLog1763731300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE platform.audit_log (
        seq bigint PRIMARY KEY,
        actor_id uuid,
        action text NOT NULL,
        target text NOT NULL,
        before jsonb,
        after jsonb,
        reason text,
        request_id text,
        created_at timestamptz NOT NULL,
        prev_hash text NOT NULL,
        hash text NOT NULL
      )`);
    await q.query(`CREATE INDEX audit_log_actor_idx ON platform.audit_log (actor_id, seq)`);
    await q.query(`CREATE INDEX audit_log_action_idx ON platform.audit_log (action, seq)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE platform.audit_log`);
  }
}
