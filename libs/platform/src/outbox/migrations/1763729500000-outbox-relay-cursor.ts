import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The relay keeps a cursor instead of marking rows.
 *
 * Before: the relay read `published_at IS NULL` rows and then set
 * `published_at` on each, a non-HOT update (the partial index names the
 * column) that rewrote every event's row, jsonb payload included, and
 * inserted it again into every index: about as much work for PostgreSQL as
 * the insert itself, once per event.
 *
 * After: rows are relayed in the order (tx_id, id), only once their writing
 * transaction has finished (tx_id below the snapshot's xmin, as before), so
 * nothing can ever appear before a position the relay has passed; the relay
 * stores that position in `platform.outbox_relay_cursor` (one small row,
 * updated once per relay batch). Published means "at or before the cursor".
 *
 * The cursor starts just before the first row that was not published yet
 * (rows published after it are relayed again: delivery is at least once),
 * or after the last row, or at (0, 0) on an empty outbox.
 *
 * The /user index becomes (userId, tx_id, id): `resume` reads one user's
 * events in relay order after a position (OutboxUserEvents).
 */
export class OutboxRelayCursor1763729500000 implements MigrationInterface {
  name = 'OutboxRelayCursor1763729500000';

  async up(q: QueryRunner): Promise<void> {
    // Wait for every transaction writing the outbox (another instance of the old version) to end, and keep new ones
    // out until this commits: the first cursor is then computed on every row that will ever sit before it.
    await q.query(`LOCK TABLE platform.outbox IN SHARE MODE`);
    await q.query(`
      CREATE TABLE platform.outbox_relay_cursor (
        name text PRIMARY KEY,
        tx_id bigint NOT NULL,
        id bigint NOT NULL,
        moved_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      INSERT INTO platform.outbox_relay_cursor (name, tx_id, id)
      SELECT 'relay', COALESCE(u.tx_id, a.tx_id, 0), COALESCE(u.id - 1, a.id, 0)
        FROM (SELECT 1) one
        LEFT JOIN LATERAL (SELECT tx_id, id FROM platform.outbox WHERE published_at IS NULL ORDER BY tx_id, id LIMIT 1) u ON true
        LEFT JOIN LATERAL (SELECT tx_id, id FROM platform.outbox ORDER BY tx_id DESC, id DESC LIMIT 1) a ON true`);
    await q.query(`CREATE INDEX outbox_relay_order_idx ON platform.outbox (tx_id, id)`);
    await q.query(`DROP INDEX IF EXISTS platform.outbox_user_id_idx`);
    await q.query(`CREATE INDEX outbox_user_relay_order_idx ON platform.outbox ((payload->>'userId'), tx_id, id) WHERE payload ? 'userId'`);
    await q.query(`DROP INDEX platform.outbox_unpublished_idx`);
    await q.query(`ALTER TABLE platform.outbox DROP COLUMN published_at`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE platform.outbox ADD COLUMN published_at timestamptz`);
    await q.query(`
      UPDATE platform.outbox o SET published_at = c.moved_at
        FROM platform.outbox_relay_cursor c
       WHERE c.name = 'relay' AND (o.tx_id, o.id) <= (c.tx_id, c.id)`);
    await q.query(`CREATE INDEX outbox_unpublished_idx ON platform.outbox (id) WHERE published_at IS NULL`);
    await q.query(`DROP INDEX platform.outbox_user_relay_order_idx`);
    await q.query(`CREATE INDEX outbox_user_id_idx ON platform.outbox ((payload->>'userId'), id) WHERE payload ? 'userId'`);
    await q.query(`DROP INDEX platform.outbox_relay_order_idx`);
    await q.query(`DROP TABLE platform.outbox_relay_cursor`);
  }
}
