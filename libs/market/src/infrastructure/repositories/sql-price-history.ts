import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Candle, CandleInterval, DayStats, MarkPrice, PriceType } from '../../domain';
import { CandleRange, PriceHistory } from '../../application/ports';

@Injectable()
export class SqlPriceHistory extends PriceHistory {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  async candles(range: CandleRange): Promise<Candle[]> {
    const rows: { open_time: Date; open: string; high: string; low: string; close: string }[] = await this.dataSource.query(
      `SELECT open_time, open::text, high::text, low::text, close::text
         FROM market.candles
        WHERE symbol = $1 AND price_type = $2 AND period = $3
          AND ($4::timestamptz IS NULL OR open_time >= $4)
          AND ($5::timestamptz IS NULL OR open_time <= $5)
        ORDER BY open_time DESC
        LIMIT $6`,
      [range.symbol, range.type, range.interval, toDate(range.from), toDate(range.to), range.limit],
    );
    return rows.reverse().map((r) => ({ openTime: r.open_time.getTime(), open: BigInt(r.open), high: BigInt(r.high), low: BigInt(r.low), close: BigInt(r.close) }));
  }

  async dayStats(since: Date): Promise<Map<string, DayStats>> {
    // The 1m mark candles of the window: the first one's open, the extremes.
    const rows: { symbol: string; open: string; high: string; low: string }[] = await this.dataSource.query(
      `SELECT symbol, (array_agg(open ORDER BY open_time))[1]::text AS open, max(high)::text AS high, min(low)::text AS low
         FROM market.candles
        WHERE price_type = $1 AND period = $2 AND open_time >= $3
        GROUP BY symbol`,
      [PriceType.MARK, CandleInterval.M1, since],
    );
    return new Map(rows.map((r) => [r.symbol, { open: BigInt(r.open), high: BigInt(r.high), low: BigInt(r.low) }]));
  }

  async firstLiveMinute(symbol: string): Promise<number | null> {
    const [row]: { first_minute: Date }[] = await this.dataSource.query(`SELECT first_minute FROM market.history_starts WHERE symbol = $1`, [symbol]);
    return row ? row.first_minute.getTime() : null;
  }

  async latest(priceScales: ReadonlyMap<string, number>): Promise<MarkPrice[]> {
    const rows: { symbol: string; seq: string; index_price: string; mark_price: string; updated_at: Date }[] = await this.dataSource.query(
      `SELECT symbol, seq::text, index_price::text, mark_price::text, updated_at FROM market.latest_prices`,
    );
    return rows
      .filter((r) => priceScales.has(r.symbol))
      .map((r) => ({
        symbol: r.symbol,
        priceScale: priceScales.get(r.symbol)!,
        index: BigInt(r.index_price),
        mark: BigInt(r.mark_price),
        seq: Number(r.seq),
        at: r.updated_at,
      }));
  }
}

function toDate(ms: number | undefined): Date | null {
  return ms === undefined ? null : new Date(ms);
}
