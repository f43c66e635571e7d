import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where each market's live history begins (docs/analytics.md): the minute of
 * its first tick, written by the feed in the tick that stores its first
 * candles. The synthetic history ends there. It is kept apart from the
 * candles because 1-minute candles are pruned after PRICE_CANDLE_RETENTION_DAYS:
 * the oldest one left is not where the history began.
 *
 * Existing installs start at their oldest mark candle of any interval: the
 * 1-minute ones may be pruned already, and a coarser candle opens at its
 * bucket's start (at most a day before the first tick). No stored candle is
 * then older than the history start, so the synthetic walk never overlaps one.
 */
export class HistoryStarts1763732200000 implements MigrationInterface {
  name = 'HistoryStarts1763732200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE market.history_starts (
        symbol text PRIMARY KEY REFERENCES market.instruments (symbol),
        first_minute timestamptz NOT NULL
      )`);
    await q.query(`
      INSERT INTO market.history_starts (symbol, first_minute)
      SELECT c.symbol, min(c.open_time) FROM market.candles c
        JOIN market.instruments i ON i.symbol = c.symbol
       WHERE c.price_type = 'mark'
       GROUP BY c.symbol`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE market.history_starts`);
  }
}
