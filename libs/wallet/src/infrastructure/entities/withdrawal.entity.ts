import { bigintColumn } from '@lib/platform';
import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

@Entity({ schema: 'wallet', name: 'withdrawals' })
@Check('withdrawals_status_check', `status IN ('PENDING', 'COMPLETED', 'CANCELED')`)
@Check('withdrawals_amount_check', 'amount > 0')
@Index('withdrawals_user_requested_idx', ['userId', 'requestedAt', 'id'])
@Index('withdrawals_pending_due_idx', ['completesAt'], { where: `status = 'PENDING'` })
export class WithdrawalEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'user_id' })
  userId!: string;

  @Column('text')
  asset!: string;

  @Column('numeric', { precision: 38, scale: 0, transformer: bigintColumn })
  amount!: bigint;

  @Column('text')
  address!: string;

  @Column('text')
  status!: string;

  @Column('timestamptz', { name: 'requested_at' })
  requestedAt!: Date;

  @Column('timestamptz', { name: 'completes_at' })
  completesAt!: Date;

  @Column('timestamptz', { name: 'finished_at', nullable: true })
  finishedAt!: Date | null;

  @Column('timestamptz', { name: 'held_at', nullable: true })
  heldAt!: Date | null;
}
