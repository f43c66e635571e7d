import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Mirrors the migration (Alerts writes SQL); kept so migration:generate stays empty. */
@Entity({ schema: 'platform', name: 'alerts' })
// Partial (open alerts only), created by its migration.
@Index('alerts_open_key', { synchronize: false })
@Index('alerts_raised_at_idx', ['raisedAt'])
export class AlertEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('text') code!: string;
  @Column('text') subject!: string;
  @Column('text') severity!: string;
  @Column('text') message!: string;
  @Column('jsonb', { nullable: true }) details!: unknown;
  @Column('timestamptz', { name: 'raised_at' }) raisedAt!: Date;
  @Column('timestamptz', { name: 'cleared_at', nullable: true }) clearedAt!: Date | null;
}
