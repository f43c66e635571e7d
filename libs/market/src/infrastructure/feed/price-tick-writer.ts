import { LeadershipLease } from '@lib/platform';
import { Candle, CandleInterval, MarkPrice, PriceType, bucketStart, rampPrice } from '../../domain';

export interface CandleRow {
  readonly symbol: string;
  readonly type: PriceType;
  readonly interval: CandleInterval;
  readonly candle: Candle;
}

/*
 * One statement per tick: the samples, the latest prices, every open
 * candle, the history start of a market's first tick (market.history_starts),
 * and the deletion of the price shocks the tick published. It runs on the lease's own session, so an instance that has lost
 * the lease cannot write a tick (fencing).
 */
const WRITE_TICK = `
  WITH prices AS (
    SELECT * FROM unnest($1::text[], $2::bigint[], $3::numeric[], $4::numeric[]) AS u(symbol, seq, index_price, mark_price)
  ), samples AS (
    INSERT INTO market.price_samples (symbol, seq, ts, index_price, mark_price)
    SELECT symbol, seq, $5, index_price, mark_price FROM prices
    ON CONFLICT DO NOTHING
  ), shocks AS (
    DELETE FROM market.price_shocks WHERE id = ANY($14::bigint[])
  ), starts AS (
    INSERT INTO market.history_starts (symbol, first_minute)
    SELECT unnest($15::text[]), $16::timestamptz
    ON CONFLICT (symbol) DO NOTHING
  ), latest AS (
    INSERT INTO market.latest_prices (symbol, seq, index_price, mark_price, updated_at)
    SELECT symbol, seq, index_price, mark_price, $5 FROM prices
    ON CONFLICT (symbol) DO UPDATE
      SET seq = EXCLUDED.seq, index_price = EXCLUDED.index_price, mark_price = EXCLUDED.mark_price, updated_at = EXCLUDED.updated_at
  )
  INSERT INTO market.candles (symbol, price_type, period, open_time, open, high, low, close)
  SELECT * FROM unnest($6::text[], $7::text[], $8::text[], $9::timestamptz[], $10::numeric[], $11::numeric[], $12::numeric[], $13::numeric[])
  ON CONFLICT (symbol, price_type, period, open_time) DO UPDATE
    SET open = EXCLUDED.open, high = EXCLUDED.high, low = EXCLUDED.low, close = EXCLUDED.close`;

export async function writeTick(
  lease: LeadershipLease,
  prices: readonly MarkPrice[],
  candles: readonly CandleRow[],
  at: Date,
  shockIds: readonly string[] = [],
  /** Markets whose first tick this is (not yet in market.history_starts): their history starts at this minute. */
  firstTicks: readonly string[] = [],
): Promise<void> {
  const s = (v: bigint): string => v.toString();
  await lease.query(WRITE_TICK, [
    prices.map((p) => p.symbol),
    prices.map((p) => String(p.seq)),
    prices.map((p) => s(p.index)),
    prices.map((p) => s(p.mark)),
    at,
    candles.map((c) => c.symbol),
    candles.map((c) => c.type),
    candles.map((c) => c.interval),
    candles.map((c) => new Date(c.candle.openTime)),
    candles.map((c) => s(c.candle.open)),
    candles.map((c) => s(c.candle.high)),
    candles.map((c) => s(c.candle.low)),
    candles.map((c) => s(c.candle.close)),
    shockIds,
    firstTicks,
    new Date(bucketStart(at.getTime(), CandleInterval.M1)),
  ]);
}

/** The markets whose history start is stored (their first tick is written). */
export async function loadHistoryStarts(lease: LeadershipLease): Promise<Set<string>> {
  const rows = await lease.query<{ symbol: string }>(`SELECT symbol FROM market.history_starts`);
  return new Set(rows.map((r) => r.symbol));
}

export interface PendingShocks {
  /** The price to publish per symbol (the latest request of each), in the market's price units. */
  readonly prices: Map<string, bigint>;
  /** The requests this tick finishes (shocks at once, ramps at their end): the tick that publishes them deletes them. */
  readonly ids: string[];
}

/**
 * The admins' price shocks waiting for a tick (usually none: one index-only
 * read of an empty table). Read on the lease's session. A ramp gives its price
 * at `now` (rampPrice) and stays until its end; the rest are deleted by
 * writeTick, so a tick that fails to write leaves them for the next one.
 */
export async function loadShocks(lease: LeadershipLease, now: Date, tickSizes: ReadonlyMap<string, bigint>): Promise<PendingShocks> {
  const rows = await lease.query<{ id: string; symbol: string; price: string; from_price: string | null; created_at: Date; ends_at: Date | null }>(
    `SELECT id::text, symbol, price::text, from_price::text, created_at, ends_at FROM market.price_shocks ORDER BY id`,
  );
  const prices = new Map<string, bigint>();
  const ids: string[] = [];
  for (const row of rows) {
    const tickSize = tickSizes.get(row.symbol);
    if (tickSize === undefined) {
      ids.push(row.id); // no such market (any more): dropped
      continue;
    }
    const ramping = row.from_price !== null && row.ends_at !== null && row.ends_at.getTime() > now.getTime();
    prices.delete(row.symbol); // the latest request of a symbol wins
    prices.set(row.symbol, ramping ? rampPrice(BigInt(row.from_price!), BigInt(row.price), row.created_at.getTime(), row.ends_at!.getTime(), now.getTime(), tickSize) : BigInt(row.price));
    if (!ramping) ids.push(row.id);
  }
  return { prices, ids };
}

/** The open (latest) candle of every market, price type and interval, to resume aggregating after a takeover. */
export async function loadOpenCandles(lease: LeadershipLease): Promise<CandleRow[]> {
  const rows = await lease.query<{ symbol: string; price_type: string; period: string; open_time: Date; open: string; high: string; low: string; close: string }>(
    `SELECT DISTINCT ON (symbol, price_type, period) symbol, price_type, period, open_time, open::text, high::text, low::text, close::text
       FROM market.candles
      ORDER BY symbol, price_type, period, open_time DESC`,
  );
  return rows.map((r) => ({
    symbol: r.symbol,
    type: r.price_type as PriceType,
    interval: r.period as CandleInterval,
    candle: { openTime: r.open_time.getTime(), open: BigInt(r.open), high: BigInt(r.high), low: BigInt(r.low), close: BigInt(r.close) },
  }));
}

export async function loadLatest(lease: LeadershipLease, priceScales: ReadonlyMap<string, number>): Promise<MarkPrice[]> {
  const rows = await lease.query<{ symbol: string; seq: string; index_price: string; mark_price: string; updated_at: Date }>(
    `SELECT symbol, seq::text, index_price::text, mark_price::text, updated_at FROM market.latest_prices`,
  );
  return rows
    .filter((r) => priceScales.has(r.symbol))
    .map((r) => ({ symbol: r.symbol, priceScale: priceScales.get(r.symbol)!, index: BigInt(r.index_price), mark: BigInt(r.mark_price), seq: Number(r.seq), at: r.updated_at }));
}

/** How long candles are kept: short intervals (1m, 5m, 15m) and long ones (1h, 4h, 1d). */
export interface CandleRetention {
  readonly shortDays: number;
  readonly longDays: number;
}

export const SHORT_CANDLE_INTERVALS: readonly CandleInterval[] = [CandleInterval.M1, CandleInterval.M5, CandleInterval.M15];
export const LONG_CANDLE_INTERVALS: readonly CandleInterval[] = [CandleInterval.H1, CandleInterval.H4, CandleInterval.D1];
const DAY_MS = 86_400_000;

/**
 * Bounded storage: samples older than the sample retention; 1m/5m/15m
 * candles older than PRICE_CANDLE_RETENTION_DAYS, 1h/4h/1d older than
 * PRICE_CANDLE_LONG_RETENTION_DAYS (a long window rolled up, not every tick).
 */
export async function prune(lease: LeadershipLease, now: Date, sampleRetentionMs: number, candles: CandleRetention): Promise<void> {
  await lease.query(`DELETE FROM market.price_samples WHERE ts < $1`, [new Date(now.getTime() - sampleRetentionMs)]);
  const before = (days: number) => new Date(now.getTime() - days * DAY_MS);
  await lease.query(`DELETE FROM market.candles WHERE open_time < $1 AND period = ANY($2::text[])`, [before(candles.shortDays), SHORT_CANDLE_INTERVALS]);
  await lease.query(`DELETE FROM market.candles WHERE open_time < $1 AND period = ANY($2::text[])`, [before(candles.longDays), LONG_CANDLE_INTERVALS]);
}
