import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Mirrors the migration (the service writes SQL); kept so migration:generate stays empty. */
@Entity({ schema: 'platform', name: 'audit_log' })
@Index('audit_log_actor_idx', ['actorId', 'seq'])
@Index('audit_log_action_idx', ['action', 'seq'])
export class AuditLogEntity {
  @PrimaryColumn('bigint') seq!: string;
  @Column('uuid', { name: 'actor_id', nullable: true }) actorId!: string | null;
  @Column('text') action!: string;
  @Column('text') target!: string;
  @Column('jsonb', { nullable: true }) before!: unknown;
  @Column('jsonb', { nullable: true }) after!: unknown;
  @Column('text', { nullable: true }) reason!: string | null;
  @Column('text', { name: 'request_id', nullable: true }) requestId!: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('text', { name: 'prev_hash' }) prevHash!: string;
  @Column('text') hash!: string;
}
