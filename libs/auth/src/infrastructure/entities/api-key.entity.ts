import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Mirrors the migration (the repository writes SQL); kept so migration:generate stays empty. */
@Entity({ schema: 'auth', name: 'api_keys' })
@Index('api_keys_user_idx', ['userId', 'createdAt'])
@Check('api_keys_scheme_check', `scheme IN ('HMAC', 'ED25519')`)
@Check(
  'api_keys_material_check',
  `(scheme = 'HMAC' AND secret_ciphertext IS NOT NULL AND secret_nonce IS NOT NULL AND secret_tag IS NOT NULL AND public_key IS NULL) OR (scheme = 'ED25519' AND public_key IS NOT NULL AND secret_ciphertext IS NULL)`,
)
export class ApiKeyEntity {
  @PrimaryColumn('text') id!: string;
  @Column('uuid', { name: 'user_id' }) userId!: string;
  @Column('text') label!: string;
  @Column('text') scheme!: string;
  @Column('text', { array: true }) permissions!: string[];
  @Column('text', { name: 'ip_allowlist', array: true, default: () => "'{}'" }) ipAllowlist!: string[];
  @Column('text', { name: 'public_key', nullable: true }) publicKey!: string | null;
  @Column('bytea', { name: 'secret_ciphertext', nullable: true }) secretCiphertext!: Buffer | null;
  @Column('bytea', { name: 'secret_nonce', nullable: true }) secretNonce!: Buffer | null;
  @Column('bytea', { name: 'secret_tag', nullable: true }) secretTag!: Buffer | null;
  @Column('timestamptz', { name: 'expires_at', nullable: true }) expiresAt!: Date | null;
  @Column('timestamptz', { name: 'revoked_at', nullable: true }) revokedAt!: Date | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
}
