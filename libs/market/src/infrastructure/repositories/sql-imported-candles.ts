import { Injectable } from '@nestjs/common';
import { TransactionHost, TransactionalAdapterTypeOrm } from '@lib/platform';
import { Candle, CandleInterval } from '../../domain';
import { CandleImport, ImportedCandles } from '../../application/ports';

/** Rows per statement: 9 arrays of this many elements stay far below PostgreSQL's limits and keep one statement's memory modest. */
const CHUNK = 20_000;

@Injectable()
export class SqlImportedCandles extends ImportedCandles {
  constructor(private readonly tx: TransactionHost<TransactionalAdapterTypeOrm>) {
    super();
  }

  async store(batch: CandleImport): Promise<{ replaced: number }> {
    let replaced = 0;
    for (let start = 0; start < batch.candles.length; start += CHUNK) {
      const chunk = batch.candles.slice(start, start + CHUNK);
      const s = (v: bigint) => v.toString();
      // xmax is non-zero on a row the upsert updated: the buckets this import replaced.
      const [row] = (await this.tx.tx.query(
        `WITH up AS (
           INSERT INTO market.imported_candles (symbol, interval, open_time, open, high, low, close, volume, imported_at, import_id)
           SELECT $1, $2, t, o, h, l, c, v, $9, $10
             FROM unnest($3::timestamptz[], $4::numeric[], $5::numeric[], $6::numeric[], $7::numeric[], $8::numeric[]) AS u(t, o, h, l, c, v)
           ON CONFLICT (symbol, interval, open_time) DO UPDATE
             SET open = EXCLUDED.open, high = EXCLUDED.high, low = EXCLUDED.low, close = EXCLUDED.close,
                 volume = EXCLUDED.volume, imported_at = EXCLUDED.imported_at, import_id = EXCLUDED.import_id
           RETURNING xmax <> 0 AS replaced
         )
         SELECT count(*) FILTER (WHERE replaced)::int AS replaced FROM up`,
        [
          batch.symbol,
          batch.interval,
          chunk.map((c) => new Date(c.openTime)),
          chunk.map((c) => s(c.open)),
          chunk.map((c) => s(c.high)),
          chunk.map((c) => s(c.low)),
          chunk.map((c) => s(c.close)),
          chunk.map((c) => c.volume),
          batch.at,
          batch.importId,
        ],
      )) as { replaced: number }[];
      replaced += row?.replaced ?? 0;
    }
    return { replaced };
  }

  async read(symbol: string, intervals: readonly CandleInterval[], fromMs: number, toMs: number): Promise<Map<CandleInterval, Candle[]>> {
    const rows = (await this.tx.tx.query(
      `SELECT interval, open_time, open::text, high::text, low::text, close::text
         FROM market.imported_candles
        WHERE symbol = $1 AND interval = ANY($2::text[]) AND open_time >= $3 AND open_time <= $4
        ORDER BY interval, open_time`,
      [symbol, intervals, new Date(fromMs), new Date(toMs)],
    )) as { interval: CandleInterval; open_time: Date; open: string; high: string; low: string; close: string }[];
    const byInterval = new Map<CandleInterval, Candle[]>();
    for (const r of rows) {
      let list = byInterval.get(r.interval);
      if (!list) byInterval.set(r.interval, (list = []));
      list.push({ openTime: r.open_time.getTime(), open: BigInt(r.open), high: BigInt(r.high), low: BigInt(r.low), close: BigInt(r.close) });
    }
    return byInterval;
  }
}
