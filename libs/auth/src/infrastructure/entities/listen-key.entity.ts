import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { ApiKeyEntity } from './api-key.entity';
import { SessionEntity } from './session.entity';
import { UserEntity } from './user.entity';

/** Mirrors the migration (the repository writes SQL); kept so migration:generate stays empty. */
@Entity({ schema: 'auth', name: 'listen_keys' })
@Index('listen_keys_user_open_idx', ['userId', 'expiresAt'], { where: 'closed_at IS NULL' })
@Check('listen_keys_hash_check', 'octet_length(key_hash) = 32')
@Check('listen_keys_credential_check', '(api_key_id IS NULL) <> (session_id IS NULL)')
export class ListenKeyEntity {
  @PrimaryColumn('bytea', { name: 'key_hash' }) keyHash!: Buffer;

  @ForeignKey(() => UserEntity, { onDelete: 'CASCADE', name: 'listen_keys_user_id_fkey' })
  @Column('uuid', { name: 'user_id' })
  userId!: string;

  @ForeignKey(() => ApiKeyEntity, { onDelete: 'CASCADE', name: 'listen_keys_api_key_id_fkey' })
  @Column('text', { name: 'api_key_id', nullable: true })
  apiKeyId!: string | null;

  @ForeignKey(() => SessionEntity, { onDelete: 'CASCADE', name: 'listen_keys_session_id_fkey' })
  @Column('uuid', { name: 'session_id', nullable: true })
  sessionId!: string | null;

  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'expires_at' }) expiresAt!: Date;
  @Column('timestamptz', { name: 'closed_at', nullable: true }) closedAt!: Date | null;
}
