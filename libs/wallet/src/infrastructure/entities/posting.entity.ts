import { bigintColumn } from '@lib/platform';
import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { AccountEntity } from './account.entity';
import { LedgerTransactionEntity } from './ledger-transaction.entity';

/** One signed movement of one bucket of one account. The id orders the history. */
@Entity({ schema: 'wallet', name: 'postings' })
@Check('postings_amount_check', 'amount <> 0')
@Check('postings_bucket_check', `bucket IN ('AVAILABLE', 'LOCKED')`)
@Index('postings_account_id_idx', ['accountId', 'id'])
@Index('postings_account_type_created_idx', ['accountId', 'type', 'createdAt'])
export class PostingEntity {
  /** bigint in PostgreSQL; read as its decimal string. */
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Index('postings_transaction_id_idx')
  @ForeignKey(() => LedgerTransactionEntity, { name: 'postings_transaction_id_fkey' })
  @Column('uuid', { name: 'transaction_id' })
  transactionId!: string;

  @ForeignKey(() => AccountEntity, { name: 'postings_account_id_fkey' })
  @Column('uuid', { name: 'account_id' })
  accountId!: string;

  @Column('text')
  asset!: string;

  @Column('text')
  bucket!: string;

  @Column('numeric', { precision: 38, scale: 0, transformer: bigintColumn })
  amount!: bigint;

  /** Copied from the transaction: the history and the faucet cap filter on it without a join. */
  @Column('text')
  type!: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;
}
