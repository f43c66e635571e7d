import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * API keys (issue 18, docs/api-keys.md): an HMAC key keeps its secret
 * encrypted (AES-256-GCM: ciphertext, nonce, tag), an Ed25519 key only the
 * client's public key. Revoked keys stay (their id is never reused).
 */
export class CreateApiKeys1763731800000 implements MigrationInterface {
  name = 'CreateApiKeys1763731800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE auth.api_keys (
        id text PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES auth.users (id),
        label text NOT NULL,
        scheme text NOT NULL CONSTRAINT api_keys_scheme_check CHECK (scheme IN ('HMAC', 'ED25519')),
        permissions text[] NOT NULL,
        ip_allowlist text[] NOT NULL DEFAULT '{}',
        public_key text,
        secret_ciphertext bytea,
        secret_nonce bytea,
        secret_tag bytea,
        expires_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL,
        CONSTRAINT api_keys_material_check CHECK (
          (scheme = 'HMAC' AND secret_ciphertext IS NOT NULL AND secret_nonce IS NOT NULL AND secret_tag IS NOT NULL AND public_key IS NULL)
          OR (scheme = 'ED25519' AND public_key IS NOT NULL AND secret_ciphertext IS NULL))
      )`);
    await q.query(`CREATE INDEX api_keys_user_idx ON auth.api_keys (user_id, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE auth.api_keys`);
  }
}
