import { bigintColumn } from '@lib/platform';
import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { InstrumentEntity } from './instrument.entity';

const numeric = (name: string) => ({ name, type: 'numeric' as const, precision: 38, scale: 0, transformer: bigintColumn });

@Entity({ schema: 'market', name: 'latest_prices' })
@Check('latest_prices_positive_check', `index_price > 0 AND mark_price > 0`)
export class LatestPriceEntity {
  @ForeignKey(() => InstrumentEntity, { name: 'latest_prices_symbol_fkey' })
  @PrimaryColumn('text')
  symbol!: string;

  @Column('bigint', { transformer: bigintColumn }) seq!: bigint;
  @Column(numeric('index_price')) indexPrice!: bigint;
  @Column(numeric('mark_price')) markPrice!: bigint;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}

@Entity({ schema: 'market', name: 'price_samples' })
@Index('price_samples_ts_idx', ['ts'])
export class PriceSampleEntity {
  @PrimaryColumn('text') symbol!: string;
  @PrimaryColumn('bigint', { transformer: bigintColumn }) seq!: bigint;
  @Column('timestamptz') ts!: Date;
  @Column(numeric('index_price')) indexPrice!: bigint;
  @Column(numeric('mark_price')) markPrice!: bigint;
}

@Entity({ schema: 'market', name: 'candles' })
@Index('candles_open_time_idx', ['openTime'])
@Check('candles_price_type_check', `price_type IN ('mark', 'index')`)
@Check('candles_period_check', `period IN ('1m', '5m', '15m', '1h', '4h', '1d')`)
@Check('candles_ohlc_check', `low > 0 AND low <= open AND low <= close AND high >= open AND high >= close`)
export class CandleEntity {
  @PrimaryColumn('text') symbol!: string;
  @PrimaryColumn('text', { name: 'price_type' }) priceType!: string;
  @PrimaryColumn('text') period!: string;
  @PrimaryColumn('timestamptz', { name: 'open_time' }) openTime!: Date;
  @Column(numeric('open')) open!: bigint;
  @Column(numeric('high')) high!: bigint;
  @Column(numeric('low')) low!: bigint;
  @Column(numeric('close')) close!: bigint;
}

@Entity({ schema: 'market', name: 'admin_audit' })
@Check('admin_audit_action_check', `action IN ('MARKET_CREATED', 'MARKET_UPDATED', 'PRICE_SHOCK', 'CANDLES_IMPORTED')`)
// The migration sorts created_at DESC; TypeORM's @Index has no per-column order (the generator ignores it).
@Index('admin_audit_created_idx', ['createdAt', 'id'])
@Index('admin_audit_symbol_created_idx', ['symbol', 'createdAt'])
export class MarketAuditEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'admin_id', nullable: true }) adminId!: string | null;
  @Column('text') action!: string;
  @Column('text') symbol!: string;
  @Column('jsonb', { nullable: true }) before!: Record<string, unknown> | null;
  @Column('jsonb') after!: Record<string, unknown>;
  @Column('jsonb', { nullable: true }) details!: Record<string, unknown> | null;
  @Column('text', { nullable: true }) reason!: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
}

/** An admin's price shock waiting for the feed leader's next tick (it deletes the row when it publishes). */
@Entity({ schema: 'market', name: 'price_shocks' })
@Check('price_shocks_price_check', `price > 0`)
@Check('price_shocks_ramp_check', `(from_price IS NULL AND ends_at IS NULL) OR (from_price > 0 AND ends_at >= created_at)`)
export class PriceShockEntity {
  @PrimaryColumn('bigint', { transformer: bigintColumn }) id!: bigint;
  @Column('text') symbol!: string;
  @Column(numeric('price')) price!: bigint;
  @Column('uuid', { name: 'admin_id' }) adminId!: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  /** A ramp (a percent shock over a span): the price at created_at, and when `price` is reached. */
  @Column({ ...numeric('from_price'), nullable: true }) fromPrice!: bigint | null;
  @Column('timestamptz', { name: 'ends_at', nullable: true }) endsAt!: Date | null;
}

/** The feed's switch: one row, read by the feed leader on every tick (FeedControl1763731320000). */
@Entity({ schema: 'market', name: 'feed_control' })
@Check('feed_control_one_row', `id`)
export class FeedControlEntity {
  @PrimaryColumn('boolean', { default: true }) id!: boolean;
  @Column('boolean', { default: false }) paused!: boolean;
  @Column('text', { nullable: true }) reason!: string | null;
  @Column('uuid', { name: 'changed_by', nullable: true }) changedBy!: string | null;
  @Column('timestamptz', { name: 'changed_at', nullable: true }) changedAt!: Date | null;
}
