import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The transactional outbox and the consumers' dedup table.
 *
 * `tx_id` is the 64-bit id of the writing transaction (`pg_current_xact_id()`,
 * an xid8: epoch and xid, it never wraps around). It is stored as `bigint`,
 * the same 64-bit value with the same order, because TypeORM's PostgreSQL
 * driver rejects an `xid8` column in an entity. The conversion lives in
 * `platform.current_tx_id()` so the column default has no casts (TypeORM strips
 * casts when it compares defaults, so `migration:generate` would keep proposing
 * a change). The relay converts `pg_snapshot_xmin(...)` the same way.
 */
export class CreateOutbox1763726500000 implements MigrationInterface {
  name = 'CreateOutbox1763726500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS platform`);
    await q.query(`
      CREATE FUNCTION platform.current_tx_id() RETURNS bigint LANGUAGE sql VOLATILE
        AS $$ SELECT pg_current_xact_id()::text::bigint $$`);
    await q.query(`
      CREATE TABLE platform.outbox (
        id bigserial PRIMARY KEY,
        event_id uuid NOT NULL,
        type text NOT NULL,
        payload jsonb NOT NULL,
        occurred_at timestamptz NOT NULL,
        tx_id bigint NOT NULL DEFAULT platform.current_tx_id(),
        published_at timestamptz,
        CONSTRAINT outbox_event_id_key UNIQUE (event_id)
      )`);
    await q.query(`CREATE INDEX outbox_unpublished_idx ON platform.outbox (id) WHERE published_at IS NULL`);
    await q.query(`
      CREATE TABLE platform.processed_events (
        consumer text NOT NULL,
        event_id uuid NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, event_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE platform.processed_events`);
    await q.query(`DROP TABLE platform.outbox`);
    await q.query(`DROP FUNCTION platform.current_tx_id()`);
    await q.query(`DROP SCHEMA IF EXISTS platform`);
  }
}
