import { bigintColumn } from '@lib/platform';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

const numeric = (name: string) => ({ name, type: 'numeric' as const, precision: 38, scale: 0, transformer: bigintColumn });

@Entity({ schema: 'market', name: 'latest_prices' })
export class LatestPriceEntity {
  @PrimaryColumn('text') symbol!: string;
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
export class MarketAuditEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'admin_id' }) adminId!: string;
  @Column('text') action!: string;
  @Column('text') symbol!: string;
  @Column('jsonb', { nullable: true }) before!: Record<string, unknown> | null;
  @Column('jsonb') after!: Record<string, unknown>;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
}
