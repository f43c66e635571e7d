import { Injectable } from '@nestjs/common';
import { TransactionHost, TransactionalAdapterTypeOrm } from '@lib/platform';
import { EntityManager } from 'typeorm';
import { AccountStatus, Role, Session, SessionRevocation } from '../../domain';
import { NewRefreshToken, RefreshTokenUse, SessionPrincipalRow, SessionRepository } from '../../application/ports';
import { RefreshTokenEntity } from '../entities/refresh-token.entity';
import { SessionEntity } from '../entities/session.entity';

@Injectable()
export class TypeOrmSessionRepository extends SessionRepository {
  constructor(private readonly tx: TransactionHost<TransactionalAdapterTypeOrm>) {
    super();
  }

  private get em(): EntityManager {
    return this.tx.tx;
  }

  async create(session: Session, firstToken: NewRefreshToken): Promise<void> {
    await this.em.getRepository(SessionEntity).insert({ ...session });
    await this.addRefreshToken(firstToken);
  }

  async addRefreshToken(token: NewRefreshToken): Promise<void> {
    await this.em.getRepository(RefreshTokenEntity).insert({
      id: token.id,
      sessionId: token.sessionId,
      tokenHash: token.hash,
      createdAt: token.createdAt,
      expiresAt: token.expiresAt,
      usedAt: null,
    });
  }

  async useRefreshToken(hash: string, now: Date): Promise<RefreshTokenUse> {
    const used: { session_id: string; user_id: string; expires_at: Date }[] = await this.em.query(
      `WITH used AS (
         UPDATE auth.refresh_tokens SET used_at = $2
          WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2
         RETURNING session_id, expires_at)
       SELECT used.session_id, s.user_id, used.expires_at FROM used JOIN auth.sessions s ON s.id = used.session_id`,
      [hash, now],
    );
    const row = used[0];
    if (row) return { kind: 'rotated', sessionId: row.session_id, userId: row.user_id, expiresAt: row.expires_at };
    const known = await this.em.getRepository(RefreshTokenEntity).findOneBy({ tokenHash: hash });
    if (known?.usedAt) return { kind: 'reused', sessionId: known.sessionId };
    return { kind: 'unknown' };
  }

  async find(sessionId: string): Promise<Session | null> {
    const row = await this.em.getRepository(SessionEntity).findOneBy({ id: sessionId });
    return row ? { ...row, revokedReason: row.revokedReason as SessionRevocation | null } : null;
  }

  async revoke(sessionId: string, reason: SessionRevocation, now: Date): Promise<void> {
    await this.em.query(
      `UPDATE auth.sessions SET revoked_at = $2, revoked_reason = $3 WHERE id = $1 AND revoked_at IS NULL`,
      [sessionId, now, reason],
    );
  }

  async revokeAllOfUser(userId: string, reason: SessionRevocation, now: Date, exceptSessionId?: string): Promise<number> {
    const [, affected]: [unknown, number] = await this.em.query(
      `UPDATE auth.sessions SET revoked_at = $2, revoked_reason = $3
        WHERE user_id = $1 AND revoked_at IS NULL AND ($4::uuid IS NULL OR id <> $4::uuid)`,
      [userId, now, reason, exceptSessionId ?? null],
    );
    return affected;
  }

  async findPrincipal(userId: string, sessionId: string): Promise<SessionPrincipalRow | null> {
    const rows: {
      id: string; email: string; name: string; role: string; status: string; revoked_at: Date | null; expires_at: Date;
    }[] = await this.em.query(
      `SELECT u.id, u.email, u.name, u.role, u.status, s.revoked_at, s.expires_at
         FROM auth.sessions s JOIN auth.users u ON u.id = s.user_id
        WHERE s.id = $1 AND s.user_id = $2`,
      [sessionId, userId],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      userId: row.id,
      email: row.email,
      name: row.name,
      role: row.role as Role,
      status: row.status as AccountStatus,
      sessionRevokedAt: row.revoked_at,
      sessionExpiresAt: row.expires_at,
    };
  }
}
