import { Injectable } from '@nestjs/common';
import { AppConfig, TransactionHost, TransactionalAdapterTypeOrm } from '@lib/platform';
import { ApiKeyRepository, NewApiKey, StoredApiKey } from '../../application/ports';
import { ApiKeyPermission, ApiKeyRecord, ApiKeyScheme } from '../../domain';
import { SecretBox } from '../security/secret-box';

interface Row {
  id: string;
  user_id: string;
  label: string;
  scheme: ApiKeyScheme;
  permissions: ApiKeyPermission[];
  ip_allowlist: string[];
  public_key: string | null;
  secret_ciphertext: Buffer | null;
  secret_nonce: Buffer | null;
  secret_tag: Buffer | null;
  expires_at: Date | null;
  revoked_at: Date | null;
  created_at: Date;
}

const RECORD_COLUMNS = 'id, user_id, label, scheme, permissions, ip_allowlist, expires_at, revoked_at, created_at';

/** auth.api_keys; HMAC secrets sealed with SecretBox (the key id as associated data). */
@Injectable()
export class SqlApiKeyRepository extends ApiKeyRepository {
  private readonly box: SecretBox;

  constructor(
    private readonly tx: TransactionHost<TransactionalAdapterTypeOrm>,
    config: AppConfig,
  ) {
    super();
    this.box = new SecretBox(config.apiKeys.encryptionKey);
  }

  async insert({ record: r, hmacSecret, publicKey }: NewApiKey): Promise<void> {
    const sealed = hmacSecret ? this.box.seal(hmacSecret, r.id) : null;
    await this.tx.tx.query(
      `INSERT INTO auth.api_keys (id, user_id, label, scheme, permissions, ip_allowlist, public_key, secret_ciphertext, secret_nonce, secret_tag, expires_at, revoked_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, NULL, $12)`,
      [r.id, r.userId, r.label, r.scheme, r.permissions, r.ipAllowlist, publicKey, sealed?.ciphertext ?? null, sealed?.nonce ?? null, sealed?.tag ?? null, r.expiresAt, r.createdAt],
    );
  }

  async ofUser(userId: string, withRevoked: boolean): Promise<ApiKeyRecord[]> {
    const rows = (await this.tx.tx.query(
      `SELECT ${RECORD_COLUMNS} FROM auth.api_keys WHERE user_id = $1 AND ($2 OR revoked_at IS NULL) ORDER BY created_at DESC, id`,
      [userId, withRevoked],
    )) as Row[];
    return rows.map(recordOf);
  }

  async countLive(userId: string, now: Date): Promise<number> {
    const [row] = (await this.tx.tx.query(
      `SELECT count(*)::int AS n FROM auth.api_keys WHERE user_id = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2)`,
      [userId, now],
    )) as [{ n: number }];
    return row.n;
  }

  async find(id: string): Promise<StoredApiKey | null> {
    const [row] = (await this.tx.tx.query(`SELECT ${RECORD_COLUMNS}, public_key, secret_ciphertext, secret_nonce, secret_tag FROM auth.api_keys WHERE id = $1`, [id])) as Row[];
    if (!row) return null;
    const hmacSecret =
      row.secret_ciphertext && row.secret_nonce && row.secret_tag ? this.box.open({ ciphertext: row.secret_ciphertext, nonce: row.secret_nonce, tag: row.secret_tag }, row.id) : null;
    return { record: recordOf(row), hmacSecret, publicKey: row.public_key };
  }

  async revoke(userId: string, id: string, at: Date): Promise<boolean> {
    const rows = (await this.tx.tx.query(
      `WITH revoked AS (UPDATE auth.api_keys SET revoked_at = $3 WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL RETURNING id) SELECT id FROM revoked`,
      [id, userId, at],
    )) as { id: string }[];
    return rows.length === 1;
  }

  async revokeOfUser(userId: string, at: Date, permission?: ApiKeyPermission): Promise<string[]> {
    const rows = (await this.tx.tx.query(
      `WITH revoked AS (UPDATE auth.api_keys SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL AND ($3::text IS NULL OR $3 = ANY (permissions)) RETURNING id)
       SELECT id FROM revoked ORDER BY id`,
      [userId, at, permission ?? null],
    )) as { id: string }[];
    return rows.map((r) => r.id);
  }
}

function recordOf(row: Row): ApiKeyRecord {
  return {
    id: row.id,
    userId: row.user_id,
    label: row.label,
    scheme: row.scheme,
    permissions: row.permissions,
    ipAllowlist: row.ip_allowlist,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    createdAt: row.created_at,
  };
}
