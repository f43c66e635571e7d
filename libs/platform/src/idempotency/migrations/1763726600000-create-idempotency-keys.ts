import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateIdempotencyKeys1763726600000 implements MigrationInterface {
  name = 'CreateIdempotencyKeys1763726600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS platform`);
    await q.query(`
      CREATE TABLE platform.idempotency_keys (
        scope text NOT NULL,
        key text NOT NULL,
        request_hash text NOT NULL,
        status_code int,
        response_body text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT idempotency_keys_pkey PRIMARY KEY (scope, key)
      )`);
    await q.query(`CREATE INDEX idempotency_keys_created_at_idx ON platform.idempotency_keys (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    // The platform schema is shared with the platform's other tables (outbox, ...): it stays.
    await q.query(`DROP TABLE platform.idempotency_keys`);
  }
}
