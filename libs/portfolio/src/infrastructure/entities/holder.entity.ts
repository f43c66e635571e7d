import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A user a balance change was seen for; mirrors the migration. */
@Entity({ schema: 'portfolio', name: 'holders' })
export class HolderEntity {
  @PrimaryColumn('uuid', { name: 'user_id', primaryKeyConstraintName: 'holders_pkey' }) userId!: string;
  @Column('timestamptz', { name: 'first_seen_at' }) firstSeenAt!: Date;
}
