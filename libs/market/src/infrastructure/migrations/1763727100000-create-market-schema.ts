import { parseUnits } from '@lib/kernel';
import { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * The default catalog (PRODUCT.md "Instruments"). Sizes are decimal strings
 * converted here, exactly, to integers: prices and tick sizes at the price
 * scale (the tick's decimals), quantities at the quantity scale (the step's
 * decimals), min notional and tier bounds at the quote asset's decimals
 * (USDT 6, USD 2: see the wallet's migration), rates in ppm (scale 6).
 */
type Row = readonly [
  symbol: string,
  name: string,
  kind: 'SPOT' | 'PERPETUAL',
  base: string,
  quote: string,
  baseDecimals: number,
  quoteDecimals: number,
  tick: string,
  step: string,
  minQuantity: string,
  minNotional: string,
  maker: string,
  taker: string,
  maxLeverage: number,
  band: string,
  tiers: readonly (readonly [maxNotional: string | null, rate: string])[],
  initialPrice: string,
  volatility: string,
];

const BTC_TIERS = [['50000', '0.004'], ['250000', '0.005'], ['1000000', '0.01'], ['5000000', '0.025'], [null, '0.05']] as const;
const ETH_TIERS = [['50000', '0.005'], ['250000', '0.0065'], ['1000000', '0.01'], [null, '0.025']] as const;
const SOL_TIERS = [['25000', '0.01'], ['100000', '0.02'], [null, '0.05']] as const;

function stock(symbol: string, name: string, price: string, volatility: string): Row {
  const base = symbol.split('-')[0]!;
  return [symbol, name, 'SPOT', base, 'USD', 6, 2, '0.01', '1', '1', '1', '0.0005', '0.001', 1, '0.1', [], price, volatility];
}

const CATALOG: readonly Row[] = [
  ['BTC-USDT', 'Bitcoin / Tether', 'SPOT', 'BTC', 'USDT', 8, 6, '0.1', '0.00001', '0.00001', '5', '0.001', '0.001', 1, '0.05', [], '95000.0', '0.6'],
  ['ETH-USDT', 'Ethereum / Tether', 'SPOT', 'ETH', 'USDT', 8, 6, '0.01', '0.0001', '0.0001', '5', '0.001', '0.001', 1, '0.05', [], '3400.00', '0.75'],
  ['SOL-USDT', 'Solana / Tether', 'SPOT', 'SOL', 'USDT', 8, 6, '0.01', '0.001', '0.001', '5', '0.001', '0.001', 1, '0.05', [], '180.00', '0.9'],
  stock('AAPL-USD', 'Apple Inc.', '230.00', '0.28'),
  stock('GOOGL-USD', 'Alphabet Inc. Class A', '175.00', '0.32'),
  stock('TSLA-USD', 'Tesla, Inc.', '250.00', '0.6'),
  stock('MSFT-USD', 'Microsoft Corporation', '420.00', '0.26'),
  stock('AMZN-USD', 'Amazon.com, Inc.', '200.00', '0.33'),
  stock('NFLX-USD', 'Netflix, Inc.', '700.00', '0.4'),
  stock('META-USD', 'Meta Platforms, Inc.', '580.00', '0.38'),
  stock('NVDA-USD', 'NVIDIA Corporation', '140.00', '0.55'),
  ['BTC-PERP', 'Bitcoin perpetual (USDT margined)', 'PERPETUAL', 'BTC', 'USDT', 8, 6, '0.1', '0.001', '0.001', '5', '0.0002', '0.0005', 125, '0.05', BTC_TIERS, '95000.0', '0.6'],
  ['ETH-PERP', 'Ethereum perpetual (USDT margined)', 'PERPETUAL', 'ETH', 'USDT', 8, 6, '0.01', '0.01', '0.01', '5', '0.0002', '0.0005', 100, '0.05', ETH_TIERS, '3400.00', '0.75'],
  ['SOL-PERP', 'Solana perpetual (USDT margined)', 'PERPETUAL', 'SOL', 'USDT', 8, 6, '0.001', '0.1', '0.1', '5', '0.0002', '0.0005', 50, '0.05', SOL_TIERS, '180.000', '0.9'],
];

const RATE_SCALE = 6;

function scaleOf(decimal: string): number {
  return (decimal.split('.')[1] ?? '').length;
}

/** Tier bounds and rates stay decimal strings in jsonb, at the quote asset's decimals and the rate scale. */
function tiersJson(tiers: Row[15], quoteDecimals: number): string {
  const fixed = (value: string, scale: number): string => {
    const [whole, fraction = ''] = value.split('.');
    return scale === 0 ? whole! : `${whole}.${fraction.padEnd(scale, '0')}`;
  };
  return JSON.stringify(tiers.map(([maxNotional, rate]) => ({ maxNotional: maxNotional === null ? null : fixed(maxNotional, quoteDecimals), rate: fixed(rate, RATE_SCALE) })));
}

export class CreateMarketSchema1763727100000 implements MigrationInterface {
  name = 'CreateMarketSchema1763727100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS market`);
    await q.query(`
      CREATE TABLE market.instruments (
        symbol text PRIMARY KEY,
        name text NOT NULL,
        kind text NOT NULL,
        base_asset text NOT NULL,
        quote_asset text NOT NULL,
        base_decimals int NOT NULL,
        quote_decimals int NOT NULL,
        price_scale int NOT NULL,
        quantity_scale int NOT NULL,
        tick_size numeric(38,0) NOT NULL,
        step_size numeric(38,0) NOT NULL,
        min_quantity numeric(38,0) NOT NULL,
        min_notional numeric(38,0) NOT NULL,
        maker_fee_rate numeric(38,0) NOT NULL,
        taker_fee_rate numeric(38,0) NOT NULL,
        max_leverage int NOT NULL,
        price_band_rate numeric(38,0) NOT NULL,
        maintenance_margin_tiers jsonb NOT NULL DEFAULT '[]'::jsonb,
        status text NOT NULL,
        initial_price numeric(38,0) NOT NULL,
        volatility numeric(38,0) NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT instruments_kind_check CHECK (kind IN ('SPOT', 'PERPETUAL')),
        CONSTRAINT instruments_status_check CHECK (status IN ('TRADING', 'HALTED', 'CLOSE_ONLY')),
        CONSTRAINT instruments_scales_check CHECK (price_scale BETWEEN 0 AND quote_decimals AND quantity_scale BETWEEN 0 AND base_decimals),
        CONSTRAINT instruments_sizes_check CHECK (tick_size > 0 AND step_size > 0 AND min_quantity > 0 AND min_notional >= 0 AND initial_price > 0),
        CONSTRAINT instruments_rates_check CHECK (maker_fee_rate >= 0 AND taker_fee_rate >= 0 AND price_band_rate > 0 AND volatility > 0),
        CONSTRAINT instruments_leverage_check CHECK (max_leverage >= 1 AND (kind = 'PERPETUAL' OR max_leverage = 1))
      )`);
    for (const row of CATALOG) {
      const [symbol, name, kind, base, quote, baseDecimals, quoteDecimals, tick, step, minQuantity, minNotional, maker, taker, maxLeverage, band, tiers, initialPrice, volatility] = row;
      const priceScale = scaleOf(tick);
      const quantityScale = scaleOf(step);
      await q.query(
        `INSERT INTO market.instruments (symbol, name, kind, base_asset, quote_asset, base_decimals, quote_decimals, price_scale, quantity_scale,
           tick_size, step_size, min_quantity, min_notional, maker_fee_rate, taker_fee_rate, max_leverage, price_band_rate,
           maintenance_margin_tiers, status, initial_price, volatility, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18::jsonb, 'TRADING', $19, $20, now(), now())`,
        [
          symbol, name, kind, base, quote, baseDecimals, quoteDecimals, priceScale, quantityScale,
          parseUnits(tick, priceScale).toString(),
          parseUnits(step, quantityScale).toString(),
          parseUnits(minQuantity, quantityScale).toString(),
          parseUnits(minNotional, quoteDecimals).toString(),
          parseUnits(maker, RATE_SCALE).toString(),
          parseUnits(taker, RATE_SCALE).toString(),
          maxLeverage,
          parseUnits(band, RATE_SCALE).toString(),
          tiersJson(tiers, quoteDecimals),
          parseUnits(initialPrice, priceScale).toString(),
          parseUnits(volatility, RATE_SCALE).toString(),
        ],
      );
    }
    // The latest price of each market, and the feed's tick counter (the random walk resumes from it).
    await q.query(`
      CREATE TABLE market.latest_prices (
        symbol text PRIMARY KEY REFERENCES market.instruments (symbol),
        seq bigint NOT NULL,
        index_price numeric(38,0) NOT NULL,
        mark_price numeric(38,0) NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT latest_prices_positive_check CHECK (index_price > 0 AND mark_price > 0)
      )`);
    // Every tick, kept PRICE_SAMPLE_RETENTION_MS.
    await q.query(`
      CREATE TABLE market.price_samples (
        symbol text NOT NULL,
        seq bigint NOT NULL,
        ts timestamptz NOT NULL,
        index_price numeric(38,0) NOT NULL,
        mark_price numeric(38,0) NOT NULL,
        PRIMARY KEY (symbol, seq)
      )`);
    await q.query(`CREATE INDEX price_samples_ts_idx ON market.price_samples (ts)`);
    // OHLC per market, price type and interval, kept PRICE_CANDLE_RETENTION_DAYS.
    await q.query(`
      CREATE TABLE market.candles (
        symbol text NOT NULL,
        price_type text NOT NULL,
        period text NOT NULL,
        open_time timestamptz NOT NULL,
        open numeric(38,0) NOT NULL,
        high numeric(38,0) NOT NULL,
        low numeric(38,0) NOT NULL,
        close numeric(38,0) NOT NULL,
        PRIMARY KEY (symbol, price_type, period, open_time),
        CONSTRAINT candles_price_type_check CHECK (price_type IN ('mark', 'index')),
        CONSTRAINT candles_period_check CHECK (period IN ('1m', '5m', '15m', '1h', '4h', '1d')),
        CONSTRAINT candles_ohlc_check CHECK (low > 0 AND low <= open AND low <= close AND high >= open AND high >= close)
      )`);
    await q.query(`CREATE INDEX candles_open_time_idx ON market.candles (open_time)`);
    await q.query(`
      CREATE TABLE market.admin_audit (
        id uuid PRIMARY KEY,
        admin_id uuid NOT NULL,
        action text NOT NULL,
        symbol text NOT NULL,
        before jsonb,
        after jsonb NOT NULL,
        created_at timestamptz NOT NULL,
        CONSTRAINT admin_audit_action_check CHECK (action IN ('MARKET_CREATED', 'MARKET_UPDATED'))
      )`);
    await q.query(`CREATE INDEX admin_audit_created_idx ON market.admin_audit (created_at DESC, id)`);
    await q.query(`CREATE INDEX admin_audit_symbol_created_idx ON market.admin_audit (symbol, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE market.admin_audit`);
    await q.query(`DROP TABLE market.candles`);
    await q.query(`DROP TABLE market.price_samples`);
    await q.query(`DROP TABLE market.latest_prices`);
    await q.query(`DROP TABLE market.instruments`);
    await q.query(`DROP SCHEMA market`);
  }
}
