import { Injectable } from '@nestjs/common';
import { TransactionHost, TransactionalAdapterTypeOrm } from '@lib/platform';
import { ListenKeyRepository } from '../../application/ports';
import { AccountStatus, ListenKeyRecord, ListenKeyStanding } from '../../domain';

interface Row {
  id: string;
  user_id: string;
  api_key_id: string | null;
  session_id: string | null;
  created_at: Date;
  expires_at: Date;
  closed_at: Date | null;
  status: AccountStatus;
  credential_found: boolean;
  credential_revoked_at: Date | null;
  credential_expires_at: Date | null;
}

/** A key with its credential (the API key, or the session, it was created with) and its owner's status: one read. */
const STANDING = `
  SELECT encode(lk.key_hash, 'hex') AS id, lk.user_id, lk.api_key_id, lk.session_id, lk.created_at, lk.expires_at, lk.closed_at, u.status,
         (ak.id IS NOT NULL OR s.id IS NOT NULL) AS credential_found,
         CASE WHEN lk.api_key_id IS NOT NULL THEN ak.revoked_at ELSE s.revoked_at END AS credential_revoked_at,
         CASE WHEN lk.api_key_id IS NOT NULL THEN ak.expires_at ELSE s.expires_at END AS credential_expires_at
    FROM auth.listen_keys lk
    JOIN auth.users u ON u.id = lk.user_id
    LEFT JOIN auth.api_keys ak ON ak.id = lk.api_key_id
    LEFT JOIN auth.sessions s ON s.id = lk.session_id`;

const hashOf = (id: string): Buffer => Buffer.from(id, 'hex');

/**
 * auth.listen_keys: the key's SHA-256 (bytea) is its primary key; the key
 * itself is never stored. Writes answer through a CTE: TypeORM answers a bare
 * UPDATE/DELETE ... RETURNING with [rows, count].
 */
@Injectable()
export class SqlListenKeyRepository extends ListenKeyRepository {
  constructor(private readonly tx: TransactionHost<TransactionalAdapterTypeOrm>) {
    super();
  }

  async lockUser(userId: string): Promise<void> {
    await this.tx.tx.query(`SELECT pg_advisory_xact_lock(hashtext('auth.listen_keys'), hashtext($1))`, [userId]);
  }

  async insert(k: ListenKeyRecord): Promise<void> {
    await this.tx.tx.query(
      `INSERT INTO auth.listen_keys (key_hash, user_id, api_key_id, session_id, created_at, expires_at, closed_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [hashOf(k.id), k.userId, k.apiKeyId, k.sessionId, k.createdAt, k.expiresAt, k.closedAt],
    );
  }

  async find(id: string): Promise<ListenKeyStanding | null> {
    const [row] = (await this.tx.tx.query(`${STANDING} WHERE lk.key_hash = $1`, [hashOf(id)])) as Row[];
    return row ? standingOf(row) : null;
  }

  async findMany(ids: readonly string[]): Promise<ListenKeyStanding[]> {
    if (ids.length === 0) return [];
    const rows = (await this.tx.tx.query(`${STANDING} WHERE lk.key_hash = ANY($1::bytea[])`, [ids.map(hashOf)])) as Row[];
    return rows.map(standingOf);
  }

  async openOfUser(userId: string, now: Date): Promise<ListenKeyStanding[]> {
    const rows = (await this.tx.tx.query(`${STANDING} WHERE lk.user_id = $1 AND lk.closed_at IS NULL AND lk.expires_at > $2 ORDER BY lk.expires_at, lk.created_at`, [userId, now])) as Row[];
    return rows.map(standingOf);
  }

  async extend(id: string, now: Date, expiresAt: Date): Promise<boolean> {
    const rows = (await this.tx.tx.query(
      `WITH extended AS (UPDATE auth.listen_keys SET expires_at = $3 WHERE key_hash = $1 AND closed_at IS NULL AND expires_at > $2 RETURNING 1) SELECT 1 FROM extended`,
      [hashOf(id), now, expiresAt],
    )) as unknown[];
    return rows.length === 1;
  }

  async close(ids: readonly string[], at: Date): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = (await this.tx.tx.query(
      `WITH closed AS (UPDATE auth.listen_keys SET closed_at = $2 WHERE key_hash = ANY($1::bytea[]) AND closed_at IS NULL RETURNING key_hash) SELECT encode(key_hash, 'hex') AS id FROM closed`,
      [ids.map(hashOf), at],
    )) as { id: string }[];
    return rows.map((r) => r.id);
  }

  async pruneOfUser(userId: string, before: Date): Promise<number> {
    const rows = (await this.tx.tx.query(
      `WITH pruned AS (DELETE FROM auth.listen_keys WHERE user_id = $1 AND (closed_at < $2 OR expires_at < $2) RETURNING 1) SELECT count(*)::int AS n FROM pruned`,
      [userId, before],
    )) as [{ n: number }];
    return rows[0].n;
  }
}

function standingOf(row: Row): ListenKeyStanding {
  return {
    id: row.id,
    userId: row.user_id,
    apiKeyId: row.api_key_id,
    sessionId: row.session_id,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    closedAt: row.closed_at,
    credential: row.credential_found ? { revokedAt: row.credential_revoked_at, expiresAt: row.credential_expires_at } : null,
    accountStatus: row.status,
  };
}
