import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The accounts active in the last 24 h (GET /admin/stats) are those issued a
 * refresh token since (a log-in or a refresh): an index by issue time reads
 * that range instead of every token ever issued. With `session_id` in it, the
 * scan needs no visit to the table before the join (an index-only scan).
 */
export class RefreshTokensCreatedAt1763731500000 implements MigrationInterface {
  name = 'RefreshTokensCreatedAt1763731500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX refresh_tokens_created_at_idx ON auth.refresh_tokens (created_at, session_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX auth.refresh_tokens_created_at_idx`);
  }
}
