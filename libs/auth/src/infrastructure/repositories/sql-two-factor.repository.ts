import { Injectable } from '@nestjs/common';
import { AppConfig, TransactionHost, TransactionalAdapterTypeOrm } from '@lib/platform';
import { MfaChallenge, TwoFactorRepository } from '../../application/ports';
import { TwoFactorRecord, TwoFactorStatus } from '../../domain';
import { SecretBox } from '../security/secret-box';

interface Row {
  user_id: string;
  status: TwoFactorStatus;
  secret_ciphertext: Buffer;
  secret_nonce: Buffer;
  secret_tag: Buffer;
  last_used_step: string | null;
  created_at: Date;
  enabled_at: Date | null;
}

/** The secret's associated data: a ciphertext copied to another user's row does not open. */
const aad = (userId: string): string => `two-factor:${userId}`;

/** auth.two_factor, auth.two_factor_recovery_codes, auth.mfa_challenges; the TOTP secret sealed with SecretBox. */
@Injectable()
export class SqlTwoFactorRepository extends TwoFactorRepository {
  private readonly box: SecretBox;

  constructor(
    private readonly tx: TransactionHost<TransactionalAdapterTypeOrm>,
    config: AppConfig,
  ) {
    super();
    this.box = new SecretBox(config.apiKeys.encryptionKey);
  }

  async find(userId: string): Promise<TwoFactorRecord | null> {
    const [row] = (await this.tx.tx.query(`SELECT * FROM auth.two_factor WHERE user_id = $1`, [userId])) as Row[];
    if (!row) return null;
    const secret = this.box.open({ ciphertext: row.secret_ciphertext, nonce: row.secret_nonce, tag: row.secret_tag }, aad(userId)).toString('utf8');
    return {
      userId,
      status: row.status,
      secret,
      lastUsedStep: row.last_used_step === null ? null : Number(row.last_used_step),
      createdAt: row.created_at,
      enabledAt: row.enabled_at,
    };
  }

  async savePending(userId: string, secret: string, at: Date): Promise<boolean> {
    const sealed = this.box.seal(Buffer.from(secret, 'utf8'), aad(userId));
    return this.returnsRow(
      `INSERT INTO auth.two_factor (user_id, status, secret_ciphertext, secret_nonce, secret_tag, last_used_step, created_at, enabled_at)
       VALUES ($1, 'PENDING', $2, $3, $4, NULL, $5, NULL)
       ON CONFLICT (user_id) DO UPDATE SET secret_ciphertext = EXCLUDED.secret_ciphertext, secret_nonce = EXCLUDED.secret_nonce,
         secret_tag = EXCLUDED.secret_tag, created_at = EXCLUDED.created_at, last_used_step = NULL
       WHERE auth.two_factor.status = 'PENDING'
       RETURNING user_id`,
      [userId, sealed.ciphertext, sealed.nonce, sealed.tag, at],
    );
  }

  async enable(userId: string, step: number, recoveryCodeHashes: readonly string[], at: Date): Promise<boolean> {
    const enabled = await this.returnsRow(
      `WITH e AS (UPDATE auth.two_factor SET status = 'ENABLED', enabled_at = $2, last_used_step = $3 WHERE user_id = $1 AND status = 'PENDING' RETURNING user_id)
       SELECT user_id FROM e`,
      [userId, at, step],
    );
    if (!enabled) return false;
    await this.tx.tx.query(`INSERT INTO auth.two_factor_recovery_codes (user_id, code_hash) SELECT $1, unnest($2::text[])`, [userId, [...recoveryCodeHashes]]);
    return true;
  }

  useStep(userId: string, step: number): Promise<boolean> {
    return this.returnsRow(
      `WITH u AS (UPDATE auth.two_factor SET last_used_step = $2
         WHERE user_id = $1 AND status = 'ENABLED' AND (last_used_step IS NULL OR last_used_step < $2) RETURNING user_id)
       SELECT user_id FROM u`,
      [userId, step],
    );
  }

  useRecoveryCode(userId: string, codeHash: string, at: Date): Promise<boolean> {
    return this.returnsRow(
      `WITH u AS (UPDATE auth.two_factor_recovery_codes SET used_at = $3 WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL RETURNING user_id)
       SELECT user_id FROM u`,
      [userId, codeHash, at],
    );
  }

  async recoveryCodesLeft(userId: string): Promise<number> {
    const [row] = (await this.tx.tx.query(`SELECT count(*)::int AS n FROM auth.two_factor_recovery_codes WHERE user_id = $1 AND used_at IS NULL`, [userId])) as [{ n: number }];
    return row.n;
  }

  remove(userId: string): Promise<boolean> {
    // The recovery codes go with it (ON DELETE CASCADE).
    return this.returnsRow(`WITH d AS (DELETE FROM auth.two_factor WHERE user_id = $1 RETURNING user_id) SELECT user_id FROM d`, [userId]);
  }

  async createChallenge(tokenHash: string, c: MfaChallenge, at: Date): Promise<void> {
    // Expired challenges of the user are swept on the way: the table stays small without a job.
    await this.tx.tx.query(`DELETE FROM auth.mfa_challenges WHERE user_id = $1 AND expires_at < $2`, [c.userId, at]);
    await this.tx.tx.query(
      `INSERT INTO auth.mfa_challenges (token_hash, user_id, ip, user_agent, created_at, expires_at, used_at) VALUES ($1, $2, $3, $4, $5, $6, NULL)`,
      [tokenHash, c.userId, c.client.ip, c.client.userAgent, at, c.expiresAt],
    );
  }

  async findChallenge(tokenHash: string, at: Date): Promise<MfaChallenge | null> {
    const [row] = (await this.tx.tx.query(
      `SELECT user_id, ip, user_agent, expires_at FROM auth.mfa_challenges WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2`,
      [tokenHash, at],
    )) as { user_id: string; ip: string; user_agent: string | null; expires_at: Date }[];
    return row ? { userId: row.user_id, client: { ip: row.ip, userAgent: row.user_agent }, expiresAt: row.expires_at } : null;
  }

  useChallenge(tokenHash: string, at: Date): Promise<boolean> {
    return this.returnsRow(
      `WITH u AS (UPDATE auth.mfa_challenges SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING token_hash)
       SELECT token_hash FROM u`,
      [tokenHash, at],
    );
  }

  private async returnsRow(sql: string, params: unknown[]): Promise<boolean> {
    return ((await this.tx.tx.query(sql, params)) as unknown[]).length === 1;
  }
}
