import { EntityManager } from 'typeorm';
import { CandleRow, StoredTrade, TradeFilter, TradeStats, TradeTotals } from '../../application/ports';
import { TRADE_COLUMNS, TradeRow, toTrade } from './order-rows';

// The trade read queries (the tape, candles, 24 h tickers), on the manager they are given.

export async function trades(em: EntityManager, filter: TradeFilter): Promise<StoredTrade[]> {
  const rows: TradeRow[] = await em.query(
    `SELECT ${TRADE_COLUMNS} FROM orders.trades
        WHERE ($1::text IS NULL OR symbol = $1)
          AND ($2::uuid IS NULL OR maker_user_id = $2 OR taker_user_id = $2)
          AND ($3::uuid IS NULL OR maker_order_id = $3 OR taker_order_id = $3)
          AND ($4::bigint IS NULL OR trades.id < $4)
          AND ($5::timestamptz IS NULL OR created_at >= $5)
          AND ($6::timestamptz IS NULL OR created_at < $6)
        ORDER BY trades.id DESC
        LIMIT $7`,
    [filter.symbol ?? null, filter.userId ?? null, filter.orderId ?? null, filter.beforeId ?? null, filter.from ?? null, filter.to ?? null, filter.limit],
  );
  return rows.map(toTrade);
}

export async function candles(em: EntityManager, symbol: string, intervalSeconds: number, from: Date, to: Date, limit: number): Promise<CandleRow[]> {
  const rows: { open_time: Date; open: string; high: string; low: string; close: string; volume: string; quote_volume: string; trades: string }[] =
    await em.query(
      `SELECT date_bin(make_interval(secs => $2), created_at, TIMESTAMPTZ '2000-01-01') AS open_time,
                (array_agg(price ORDER BY id))[1]::text AS open, max(price)::text AS high, min(price)::text AS low,
                (array_agg(price ORDER BY id DESC))[1]::text AS close, sum(quantity)::text AS volume,
                sum(quote)::text AS quote_volume, count(*)::text AS trades
           FROM orders.trades
          WHERE symbol = $1 AND created_at >= $3 AND created_at < $4
          GROUP BY 1 ORDER BY 1 DESC LIMIT $5`,
      [symbol, intervalSeconds, from, to, limit],
    );
  return rows.reverse().map((r) => ({
    openTime: r.open_time,
    open: BigInt(r.open),
    high: BigInt(r.high),
    low: BigInt(r.low),
    close: BigInt(r.close),
    volume: BigInt(r.volume),
    quoteVolume: BigInt(r.quote_volume),
    trades: Number(r.trades),
  }));
}

export async function stats24h(em: EntityManager, symbols: readonly string[], now: Date): Promise<TradeStats[]> {
  const rows: { symbol: string; open: string | null; high: string | null; low: string | null; last: string | null; volume: string; quote_volume: string; trades: string }[] =
    await em.query(
      `SELECT s.symbol,
                (array_agg(t.price ORDER BY t.id) FILTER (WHERE t.id IS NOT NULL))[1]::text AS open,
                max(t.price)::text AS high, min(t.price)::text AS low,
                (array_agg(t.price ORDER BY t.id DESC) FILTER (WHERE t.id IS NOT NULL))[1]::text AS last,
                COALESCE(sum(t.quantity), 0)::text AS volume, COALESCE(sum(t.quote), 0)::text AS quote_volume, count(t.id)::text AS trades
           FROM unnest($1::text[]) AS s(symbol)
           LEFT JOIN orders.trades t ON t.symbol = s.symbol AND t.created_at >= $2::timestamptz - interval '24 hours' AND t.created_at <= $2
          GROUP BY s.symbol`,
      [symbols, now],
    );
  const last = await lastPrices(em, symbols);
  return rows.map((r) => ({
    symbol: r.symbol,
    open: r.open === null ? null : BigInt(r.open),
    high: r.high === null ? null : BigInt(r.high),
    low: r.low === null ? null : BigInt(r.low),
    last: last.get(r.symbol) ?? null,
    volume: BigInt(r.volume),
    quoteVolume: BigInt(r.quote_volume),
    trades: Number(r.trades),
  }));
}

/**
 * Count, base and quote volumes and fees (maker + taker, quote units) of the
 * trades in [from, to) per market: one range of trades_symbol_created_idx
 * per symbol (a LATERAL per symbol: the index leads with the symbol, so a
 * scan by time alone over every market could not use it).
 */
export async function tradeTotals(em: EntityManager, symbols: readonly string[], from: Date, to: Date): Promise<TradeTotals[]> {
  const rows: { symbol: string; trades: number; base: string; quote: string; fees: string }[] = await em.query(
    `SELECT s.symbol, t.trades, t.base, t.quote, t.fees
       FROM unnest($1::text[]) AS s(symbol)
       CROSS JOIN LATERAL (SELECT count(*)::int AS trades, COALESCE(sum(quantity), 0)::text AS base, COALESCE(sum(quote), 0)::text AS quote,
                                  COALESCE(sum(maker_fee + taker_fee), 0)::text AS fees
                             FROM orders.trades WHERE symbol = s.symbol AND created_at >= $2 AND created_at < $3) t
      ORDER BY s.symbol`,
    [symbols, from, to],
  );
  return rows.map((r) => ({ symbol: r.symbol, trades: r.trades, base: BigInt(r.base), quote: BigInt(r.quote), fees: BigInt(r.fees) }));
}

/** The last trade price ever, even older than 24 h. */
async function lastPrices(em: EntityManager, symbols: readonly string[]): Promise<Map<string, bigint>> {
  const rows: { symbol: string; price: string }[] = await em.query(
    `SELECT s.symbol, t.price::text AS price FROM unnest($1::text[]) AS s(symbol)
         CROSS JOIN LATERAL (SELECT price FROM orders.trades WHERE symbol = s.symbol ORDER BY created_at DESC, id DESC LIMIT 1) t`,
    [symbols],
  );
  return new Map(rows.map((r) => [r.symbol, BigInt(r.price)]));
}
