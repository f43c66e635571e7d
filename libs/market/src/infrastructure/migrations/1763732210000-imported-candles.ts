import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An admin's imported candles (docs/analytics.md, "Price history"): per
 * market, interval and open time, prices in the market's units like
 * market.candles; they win over live and synthetic candles. A re-import of
 * a bucket replaces it (import_id and imported_at say which file it came
 * from; the audit log has the file's digest). The import is also an audited
 * market action: CANDLES_IMPORTED joins the actions of market.admin_audit.
 */
export class ImportedCandles1763732210000 implements MigrationInterface {
  name = 'ImportedCandles1763732210000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE market.imported_candles (
        symbol text NOT NULL REFERENCES market.instruments (symbol),
        interval text NOT NULL,
        open_time timestamptz NOT NULL,
        open numeric(38,0) NOT NULL,
        high numeric(38,0) NOT NULL,
        low numeric(38,0) NOT NULL,
        close numeric(38,0) NOT NULL,
        volume numeric,
        imported_at timestamptz NOT NULL,
        import_id uuid NOT NULL,
        PRIMARY KEY (symbol, interval, open_time),
        CONSTRAINT imported_candles_interval_check CHECK (interval IN ('1m', '5m', '15m', '1h', '4h', '1d')),
        CONSTRAINT imported_candles_ohlc_check CHECK (low > 0 AND low <= open AND low <= close AND high >= open AND high >= close),
        CONSTRAINT imported_candles_volume_check CHECK (volume IS NULL OR volume >= 0)
      )`);
    await q.query(`ALTER TABLE market.admin_audit DROP CONSTRAINT admin_audit_action_check`);
    await q.query(`ALTER TABLE market.admin_audit ADD CONSTRAINT admin_audit_action_check CHECK (action IN ('MARKET_CREATED', 'MARKET_UPDATED', 'PRICE_SHOCK', 'CANDLES_IMPORTED'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM market.admin_audit WHERE action = 'CANDLES_IMPORTED'`);
    await q.query(`ALTER TABLE market.admin_audit DROP CONSTRAINT admin_audit_action_check`);
    await q.query(`ALTER TABLE market.admin_audit ADD CONSTRAINT admin_audit_action_check CHECK (action IN ('MARKET_CREATED', 'MARKET_UPDATED', 'PRICE_SHOCK'))`);
    await q.query(`DROP TABLE market.imported_candles`);
  }
}
