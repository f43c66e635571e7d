import { bigintColumn } from '@lib/platform';
import { Check, Column, Entity, Index, PrimaryColumn, Unique } from 'typeorm';

const amount = { precision: 38, scale: 0, transformer: bigintColumn } as const;

/** Mirrors the migration (the repository writes SQL); kept so migration:generate stays empty. */
@Entity({ schema: 'orders', name: 'orders' })
@Unique('orders_user_client_order_id_key', ['userId', 'clientOrderId'])
@Check('orders_side_check', `side IN ('BUY', 'SELL')`)
@Check('orders_type_check', `type IN ('MARKET', 'LIMIT')`)
@Check('orders_tif_check', `time_in_force IN ('GTC', 'GTD', 'IOC', 'FOK', 'POST_ONLY')`)
@Check('orders_status_check', `status IN ('UNTRIGGERED', 'NEW', 'PARTIALLY_FILLED', 'FILLED', 'CANCELED', 'EXPIRED', 'REJECTED')`)
@Check(
  'orders_trigger_check',
  `(trigger_kind IS NULL AND trigger_by IS NULL AND trigger_price IS NULL AND callback_rate IS NULL AND activation_price IS NULL AND trail_anchor IS NULL AND triggered_at IS NULL)
      OR (trigger_kind IN ('STOP', 'TAKE_PROFIT') AND trigger_by IN ('MARK', 'LAST') AND trigger_price > 0 AND callback_rate IS NULL AND activation_price IS NULL)
      OR (trigger_kind = 'TRAILING_STOP' AND trigger_by IN ('MARK', 'LAST') AND trigger_price IS NULL AND callback_rate > 0 AND (activation_price IS NULL OR activation_price > 0))`,
)
@Check(
  'orders_list_role_check',
  `(list_id IS NULL) = (list_role IS NULL)
        AND (list_role IS NULL OR list_role IN ('LEG', 'ENTRY', 'TAKE_PROFIT', 'STOP_LOSS', 'WORKING', 'PENDING'))`,
)
@Check('orders_untriggered_check', `status <> 'UNTRIGGERED' OR (trigger_kind IS NOT NULL AND triggered_at IS NULL)`)
@Check('orders_good_till_check', `(time_in_force = 'GTD') = (good_till IS NOT NULL)`)
@Check('orders_quantity_check', `quantity > 0 AND filled_quantity >= 0 AND filled_quantity <= quantity`)
@Check('orders_price_check', `price IS NULL OR price > 0`)
@Check('orders_hold_check', `hold_remaining >= 0`)
@Check('orders_fee_check', `fee_paid >= 0 AND taker_quote >= 0 AND maker_quote >= 0 AND maker_fee_rate >= 0 AND taker_fee_rate >= 0`)
@Index('orders_open_book_idx', ['symbol', 'priority'], { where: `status IN ('NEW', 'PARTIALLY_FILLED')` })
@Index('orders_user_created_idx', ['userId', 'createdAt', 'id'])
@Index('orders_user_open_idx', ['userId', 'symbol'], { where: `status IN ('UNTRIGGERED', 'NEW', 'PARTIALLY_FILLED')` })
@Index('orders_untriggered_idx', ['symbol'], { where: `status = 'UNTRIGGERED'` })
@Index('orders_good_till_idx', ['goodTill'], { where: `good_till IS NOT NULL AND status IN ('UNTRIGGERED', 'NEW', 'PARTIALLY_FILLED')` })
@Index('orders_list_idx', ['listId'], { where: `list_id IS NOT NULL` })
export class OrderEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'user_id' }) userId!: string;
  @Column('text') symbol!: string;
  @Column('text') side!: string;
  @Column('text') type!: string;
  @Column('text', { name: 'time_in_force' }) timeInForce!: string;
  @Column('numeric', { ...amount, nullable: true }) price!: bigint | null;
  @Column('numeric', amount) quantity!: bigint;
  @Column('numeric', { ...amount, name: 'filled_quantity', default: 0 }) filledQuantity!: bigint;
  @Column('numeric', { ...amount, name: 'taker_quote', default: 0 }) takerQuote!: bigint;
  @Column('numeric', { ...amount, name: 'maker_quote', default: 0 }) makerQuote!: bigint;
  @Column('numeric', { ...amount, name: 'fee_paid', default: 0 }) feePaid!: bigint;
  @Column('text') status!: string;
  @Column('text', { nullable: true }) reason!: string | null;
  @Column('text', { name: 'client_order_id', nullable: true }) clientOrderId!: string | null;
  @Column('boolean', { name: 'reduce_only', default: false }) reduceOnly!: boolean;
  @Column('text', { name: 'hold_asset' }) holdAsset!: string;
  @Column('numeric', { ...amount, name: 'hold_remaining' }) holdRemaining!: bigint;
  @Column('numeric', { ...amount, name: 'maker_fee_rate' }) makerFeeRate!: bigint;
  @Column('numeric', { ...amount, name: 'taker_fee_rate' }) takerFeeRate!: bigint;
  @Column('bigint') priority!: string;
  @Column('text', { name: 'trigger_kind', nullable: true }) triggerKind!: string | null;
  @Column('text', { name: 'trigger_by', nullable: true }) triggerBy!: string | null;
  @Column('numeric', { ...amount, name: 'trigger_price', nullable: true }) triggerPrice!: bigint | null;
  @Column('numeric', { ...amount, name: 'callback_rate', nullable: true }) callbackRate!: bigint | null;
  @Column('numeric', { ...amount, name: 'activation_price', nullable: true }) activationPrice!: bigint | null;
  @Column('boolean', { name: 'close_position', default: false }) closePosition!: boolean;
  @Column('numeric', { ...amount, name: 'trail_anchor', nullable: true }) trailAnchor!: bigint | null;
  @Column('timestamptz', { name: 'triggered_at', nullable: true }) triggeredAt!: Date | null;
  @Column('timestamptz', { name: 'good_till', nullable: true }) goodTill!: Date | null;
  @Column('uuid', { name: 'list_id', nullable: true }) listId!: string | null;
  @Column('text', { name: 'list_role', nullable: true }) listRole!: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}
