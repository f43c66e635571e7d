import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateAuthSchema1763726400000 implements MigrationInterface {
  name = 'CreateAuthSchema1763726400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS auth`);
    await q.query(`
      CREATE TABLE auth.users (
        id uuid PRIMARY KEY,
        email text NOT NULL,
        name text NOT NULL,
        password_hash text NOT NULL,
        role text NOT NULL,
        status text NOT NULL,
        status_reason text,
        settings jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT users_email_key UNIQUE (email),
        CONSTRAINT users_email_lower CHECK (email = lower(email)),
        CONSTRAINT users_role_check CHECK (role IN ('USER', 'ADMIN')),
        CONSTRAINT users_status_check CHECK (status IN ('ACTIVE', 'SUSPENDED'))
      )`);
    await q.query(`CREATE INDEX users_created_at_idx ON auth.users (created_at, id)`);
    await q.query(`
      CREATE TABLE auth.sessions (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES auth.users (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        revoked_reason text,
        user_agent text,
        ip text
      )`);
    await q.query(`CREATE INDEX sessions_user_id_idx ON auth.sessions (user_id)`);
    await q.query(`
      CREATE TABLE auth.refresh_tokens (
        id uuid PRIMARY KEY,
        session_id uuid NOT NULL REFERENCES auth.sessions (id) ON DELETE CASCADE,
        token_hash text NOT NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        CONSTRAINT refresh_tokens_token_hash_key UNIQUE (token_hash)
      )`);
    await q.query(`CREATE INDEX refresh_tokens_session_id_idx ON auth.refresh_tokens (session_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE auth.refresh_tokens`);
    await q.query(`DROP TABLE auth.sessions`);
    await q.query(`DROP TABLE auth.users`);
    await q.query(`DROP SCHEMA auth`);
  }
}
