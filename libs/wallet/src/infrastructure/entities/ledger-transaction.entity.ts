import { Column, Entity, PrimaryColumn, Unique } from 'typeorm';

/** Append-only: rows are never updated or deleted. `reference` makes every posting idempotent. */
@Entity({ schema: 'wallet', name: 'ledger_transactions' })
@Unique('ledger_transactions_reference_key', ['reference'])
export class LedgerTransactionEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  type!: string;

  @Column('text')
  reference!: string;

  @Column('jsonb', { default: () => `'{}'` })
  metadata!: Record<string, string>;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;
}
