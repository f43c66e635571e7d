import { bigintColumn } from '@lib/platform';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Tier bounds and rates as decimal strings (quote-asset decimals, rate scale 6). */
export interface MarginTierJson {
  maxNotional: string | null;
  rate: string;
}

const numeric = (name: string) => ({ name, type: 'numeric' as const, precision: 38, scale: 0, transformer: bigintColumn });

@Entity({ schema: 'market', name: 'instruments' })
export class InstrumentEntity {
  @PrimaryColumn('text') symbol!: string;
  @Column('text') name!: string;
  @Column('text') kind!: string;
  @Column('text', { name: 'base_asset' }) baseAsset!: string;
  @Column('text', { name: 'quote_asset' }) quoteAsset!: string;
  @Column('int', { name: 'base_decimals' }) baseDecimals!: number;
  @Column('int', { name: 'quote_decimals' }) quoteDecimals!: number;
  @Column('int', { name: 'price_scale' }) priceScale!: number;
  @Column('int', { name: 'quantity_scale' }) quantityScale!: number;
  @Column(numeric('tick_size')) tickSize!: bigint;
  @Column(numeric('step_size')) stepSize!: bigint;
  @Column(numeric('min_quantity')) minQuantity!: bigint;
  @Column(numeric('min_notional')) minNotional!: bigint;
  @Column(numeric('maker_fee_rate')) makerFeeRate!: bigint;
  @Column(numeric('taker_fee_rate')) takerFeeRate!: bigint;
  @Column('int', { name: 'max_leverage' }) maxLeverage!: number;
  @Column(numeric('price_band_rate')) priceBandRate!: bigint;
  @Column('jsonb', { name: 'maintenance_margin_tiers' }) maintenanceMarginTiers!: MarginTierJson[];
  @Column('text') status!: string;
  @Column(numeric('initial_price')) initialPrice!: bigint;
  @Column(numeric('volatility')) volatility!: bigint;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}
