import { bigintColumn } from '@lib/platform';
import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

const amount = { precision: 38, scale: 0, transformer: bigintColumn } as const;

/** What a user's fills account for of one asset; mirrors the migration. */
@Entity({ schema: 'portfolio', name: 'cost_basis' })
@Check('cost_basis_amounts_check', `quantity >= 0 AND cost >= 0 AND fills >= 0`)
export class CostBasisEntity {
  @PrimaryColumn('uuid', { name: 'user_id', primaryKeyConstraintName: 'cost_basis_pkey' }) userId!: string;
  @PrimaryColumn('text', { primaryKeyConstraintName: 'cost_basis_pkey' }) asset!: string;
  @Column('numeric', amount) quantity!: bigint;
  @Column('numeric', amount) cost!: bigint;
  @Column('numeric', { ...amount, name: 'realized_pnl' }) realizedPnl!: bigint;
  @Column('bigint') fills!: string;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}
