import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Watchlists (docs/watchlists.md): one row per list, `position` its place
 * among its user's lists (0-based, dense), `symbols` the ordered symbols.
 * Names are unique per user regardless of case; the limits (20 lists, 100
 * symbols) are the domain's, the checks here only keep a bug from storing more.
 */
export class CreateWatchlistsSchema1763731600000 implements MigrationInterface {
  name = 'CreateWatchlistsSchema1763731600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS watchlists`);
    await q.query(`
      CREATE TABLE watchlists.watchlists (
        id uuid NOT NULL,
        user_id uuid NOT NULL,
        name text NOT NULL,
        position integer NOT NULL,
        symbols text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT watchlists_pkey PRIMARY KEY (id),
        CONSTRAINT watchlists_name_check CHECK (char_length(name) BETWEEN 1 AND 64),
        CONSTRAINT watchlists_position_check CHECK (position >= 0 AND position < 20),
        CONSTRAINT watchlists_symbols_check CHECK (cardinality(symbols) <= 100)
      )`);
    await q.query(`CREATE UNIQUE INDEX watchlists_user_name_key ON watchlists.watchlists (user_id, lower(name))`);
    await q.query(`CREATE INDEX watchlists_user_position_idx ON watchlists.watchlists (user_id, position)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE watchlists.watchlists`);
    await q.query(`DROP SCHEMA IF EXISTS watchlists`);
  }
}
