import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Admin price shocks (demos and tests): a request waits in market.price_shocks
 * until the feed leader's next tick publishes it and deletes it in the tick's
 * own statement. The audit records them (action PRICE_SHOCK, with details).
 */
export class PriceShocks1763730700000 implements MigrationInterface {
  name = 'PriceShocks1763730700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE market.price_shocks (
        id bigserial PRIMARY KEY,
        symbol text NOT NULL,
        price numeric(38,0) NOT NULL CONSTRAINT price_shocks_price_check CHECK (price > 0),
        admin_id uuid NOT NULL,
        created_at timestamptz NOT NULL
      )`);
    await q.query(`ALTER TABLE market.admin_audit ADD COLUMN details jsonb`);
    await q.query(`ALTER TABLE market.admin_audit DROP CONSTRAINT admin_audit_action_check`);
    await q.query(`ALTER TABLE market.admin_audit ADD CONSTRAINT admin_audit_action_check CHECK (action IN ('MARKET_CREATED', 'MARKET_UPDATED', 'PRICE_SHOCK'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM market.admin_audit WHERE action = 'PRICE_SHOCK'`);
    await q.query(`ALTER TABLE market.admin_audit DROP CONSTRAINT admin_audit_action_check`);
    await q.query(`ALTER TABLE market.admin_audit ADD CONSTRAINT admin_audit_action_check CHECK (action IN ('MARKET_CREATED', 'MARKET_UPDATED'))`);
    await q.query(`ALTER TABLE market.admin_audit DROP COLUMN details`);
    await q.query(`DROP TABLE market.price_shocks`);
  }
}
