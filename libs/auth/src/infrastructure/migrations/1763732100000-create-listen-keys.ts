import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Listen keys (issue 18, docs/api-keys.md "Listen key"): only the key's
 * SHA-256 is stored. Each was created with either an API key or a session,
 * and lives no longer than it. The partial index serves the per-user bound.
 */
export class CreateListenKeys1763732100000 implements MigrationInterface {
  name = 'CreateListenKeys1763732100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE auth.listen_keys (
        key_hash bytea PRIMARY KEY,
        user_id uuid NOT NULL CONSTRAINT listen_keys_user_id_fkey REFERENCES auth.users (id) ON DELETE CASCADE,
        api_key_id text CONSTRAINT listen_keys_api_key_id_fkey REFERENCES auth.api_keys (id) ON DELETE CASCADE,
        session_id uuid CONSTRAINT listen_keys_session_id_fkey REFERENCES auth.sessions (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        closed_at timestamptz,
        CONSTRAINT listen_keys_hash_check CHECK (octet_length(key_hash) = 32),
        CONSTRAINT listen_keys_credential_check CHECK ((api_key_id IS NULL) <> (session_id IS NULL))
      )`);
    await q.query(`CREATE INDEX listen_keys_user_open_idx ON auth.listen_keys (user_id, expires_at) WHERE closed_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE auth.listen_keys`);
  }
}
