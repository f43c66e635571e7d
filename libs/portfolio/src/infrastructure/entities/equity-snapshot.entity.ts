import { bigintColumn } from '@lib/platform';
import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

const amount = { precision: 38, scale: 0, transformer: bigintColumn } as const;

/** One point of a user's equity curve, valuation units; mirrors the migration. */
@Entity({ schema: 'portfolio', name: 'equity_snapshots' })
@Check('equity_snapshots_amounts_check', `equity >= 0 AND cost >= 0`)
@Index('equity_snapshots_taken_at_idx', ['takenAt'])
export class EquitySnapshotEntity {
  @PrimaryColumn('uuid', { name: 'user_id', primaryKeyConstraintName: 'equity_snapshots_pkey' }) userId!: string;
  @PrimaryColumn('timestamptz', { name: 'taken_at', primaryKeyConstraintName: 'equity_snapshots_pkey' }) takenAt!: Date;
  @Column('numeric', amount) equity!: bigint;
  @Column('numeric', amount) cost!: bigint;
  @Column('numeric', { ...amount, name: 'realized_pnl' }) realizedPnl!: bigint;
}
