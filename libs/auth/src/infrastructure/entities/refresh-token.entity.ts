import { Column, Entity, ForeignKey, Index, PrimaryColumn, Unique } from 'typeorm';
import { SessionEntity } from './session.entity';

/** Only the SHA-256 of a refresh token is stored; `used_at` marks a rotated token. */
@Entity({ schema: 'auth', name: 'refresh_tokens' })
@Unique('refresh_tokens_token_hash_key', ['tokenHash'])
@Index('refresh_tokens_created_at_idx', ['createdAt', 'sessionId'])
export class RefreshTokenEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Index('refresh_tokens_session_id_idx')
  @ForeignKey(() => SessionEntity, { onDelete: 'CASCADE', name: 'refresh_tokens_session_id_fkey' })
  @Column('uuid', { name: 'session_id' })
  sessionId!: string;

  @Column('text', { name: 'token_hash' })
  tokenHash!: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt!: Date;

  @Column('timestamptz', { name: 'used_at', nullable: true })
  usedAt!: Date | null;
}
