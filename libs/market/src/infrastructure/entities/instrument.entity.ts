import { bigintColumn } from '@lib/platform';
import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/** Tier bounds and rates as decimal strings (quote-asset decimals, rate scale 6). */
export interface MarginTierJson {
  maxNotional: string | null;
  rate: string;
}

const numeric = (name: string) => ({ name, type: 'numeric' as const, precision: 38, scale: 0, transformer: bigintColumn });

@Entity({ schema: 'market', name: 'instruments' })
@Check('instruments_kind_check', `kind IN ('SPOT', 'PERPETUAL')`)
@Check('instruments_status_check', `status IN ('TRADING', 'HALTED', 'CLOSE_ONLY')`)
@Check('instruments_scales_check', `price_scale BETWEEN 0 AND quote_decimals AND quantity_scale BETWEEN 0 AND base_decimals`)
@Check('instruments_sizes_check', `tick_size > 0 AND step_size > 0 AND min_quantity > 0 AND min_notional >= 0 AND initial_price > 0`)
@Check('instruments_rates_check', `maker_fee_rate >= 0 AND taker_fee_rate >= 0 AND price_band_rate > 0 AND volatility > 0`)
@Check('instruments_leverage_check', `max_leverage >= 1 AND (kind = 'PERPETUAL' OR max_leverage = 1)`)
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
  @Column('jsonb', { name: 'maintenance_margin_tiers', default: () => `'[]'` }) maintenanceMarginTiers!: MarginTierJson[];
  @Column('text') status!: string;
  @Column(numeric('initial_price')) initialPrice!: bigint;
  @Column(numeric('volatility')) volatility!: bigint;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}
