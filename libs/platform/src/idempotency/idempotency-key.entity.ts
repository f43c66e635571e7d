import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One Idempotency-Key of one user, with the response its first request got.
 * Written and read by IdempotencyStore with SQL; the entity exists so the
 * migration CLI knows the table (and `migration:generate` stays empty).
 */
@Entity({ schema: 'platform', name: 'idempotency_keys' })
@Index('idempotency_keys_created_at_idx', ['createdAt'])
export class IdempotencyKeyEntity {
  /** Whose key it is (the user id): two users may use the same key. */
  @PrimaryColumn('text', { primaryKeyConstraintName: 'idempotency_keys_pkey' })
  scope!: string;

  @PrimaryColumn('text', { primaryKeyConstraintName: 'idempotency_keys_pkey' })
  key!: string;

  /** sha256 (hex) of method, path and canonical JSON body: see requestHash(). */
  @Column('text', { name: 'request_hash' })
  requestHash!: string;

  @Column('int', { name: 'status_code', nullable: true })
  statusCode!: number | null;

  /** The serialised response, as sent: text, not jsonb, so a replay is byte-identical. */
  @Column('text', { name: 'response_body', nullable: true })
  responseBody!: string | null;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt!: Date;
}
