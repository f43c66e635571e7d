import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two-factor authentication (issue 18, docs/two-factor.md): one TOTP secret
 * per user (encrypted like HMAC key secrets), its single-use recovery codes
 * (SHA-256 hashes) and the login challenges between password and code
 * (SHA-256 of the mfaToken).
 */
export class CreateTwoFactor1763732000000 implements MigrationInterface {
  name = 'CreateTwoFactor1763732000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE auth.two_factor (
        user_id uuid PRIMARY KEY REFERENCES auth.users (id),
        status text NOT NULL CONSTRAINT two_factor_status_check CHECK (status IN ('PENDING', 'ENABLED')),
        secret_ciphertext bytea NOT NULL,
        secret_nonce bytea NOT NULL,
        secret_tag bytea NOT NULL,
        last_used_step bigint,
        created_at timestamptz NOT NULL,
        enabled_at timestamptz,
        CONSTRAINT two_factor_enabled_check CHECK ((status = 'ENABLED') = (enabled_at IS NOT NULL))
      )`);
    await q.query(`
      CREATE TABLE auth.two_factor_recovery_codes (
        user_id uuid NOT NULL REFERENCES auth.two_factor (user_id) ON DELETE CASCADE,
        code_hash text NOT NULL,
        used_at timestamptz,
        PRIMARY KEY (user_id, code_hash)
      )`);
    await q.query(`
      CREATE TABLE auth.mfa_challenges (
        token_hash text PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES auth.users (id),
        ip text NOT NULL,
        user_agent text,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      )`);
    await q.query(`CREATE INDEX mfa_challenges_expires_idx ON auth.mfa_challenges (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE auth.mfa_challenges`);
    await q.query(`DROP TABLE auth.two_factor_recovery_codes`);
    await q.query(`DROP TABLE auth.two_factor`);
  }
}
