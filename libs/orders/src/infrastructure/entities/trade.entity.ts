import { bigintColumn } from '@lib/platform';
import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

const amount = { precision: 38, scale: 0, transformer: bigintColumn } as const;

/** One trade between a maker and a taker; mirrors the migration. */
@Entity({ schema: 'orders', name: 'trades' })
@Check('trades_amounts_check', `price > 0 AND quantity > 0 AND quote > 0 AND maker_fee >= 0 AND taker_fee >= 0`)
@Check('trades_taker_side_check', `taker_side IN ('BUY', 'SELL')`)
@Index('trades_symbol_created_idx', ['symbol', 'createdAt', 'id'])
@Index('trades_maker_user_idx', ['makerUserId', 'id'])
@Index('trades_taker_user_idx', ['takerUserId', 'id'])
@Index('trades_maker_order_idx', ['makerOrderId'])
@Index('trades_taker_order_idx', ['takerOrderId'])
export class TradeEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id!: string;
  @Column('text') symbol!: string;
  @Column('numeric', amount) price!: bigint;
  @Column('numeric', amount) quantity!: bigint;
  @Column('numeric', amount) quote!: bigint;
  @Column('text', { name: 'taker_side' }) takerSide!: string;
  @Column('uuid', { name: 'maker_order_id' }) makerOrderId!: string;
  @Column('uuid', { name: 'taker_order_id' }) takerOrderId!: string;
  @Column('uuid', { name: 'maker_user_id' }) makerUserId!: string;
  @Column('uuid', { name: 'taker_user_id' }) takerUserId!: string;
  @Column('numeric', { ...amount, name: 'maker_fee' }) makerFee!: bigint;
  @Column('numeric', { ...amount, name: 'taker_fee' }) takerFee!: bigint;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
}
