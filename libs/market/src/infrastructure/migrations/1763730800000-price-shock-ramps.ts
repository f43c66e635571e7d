import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Percent price shocks move the index linearly over a span (docs/risk.md,
 * "Price shocks"): a row with `from_price` and `ends_at` is a ramp from
 * `from_price` at `created_at` to `price` at `ends_at`. The feed leader keeps
 * it until the tick that publishes `price`. Without them, a shock at once.
 */
export class PriceShockRamps1763730800000 implements MigrationInterface {
  name = 'PriceShockRamps1763730800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE market.price_shocks ADD COLUMN from_price numeric(38,0), ADD COLUMN ends_at timestamptz`);
    await q.query(
      `ALTER TABLE market.price_shocks ADD CONSTRAINT price_shocks_ramp_check CHECK ((from_price IS NULL AND ends_at IS NULL) OR (from_price > 0 AND ends_at >= created_at))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE market.price_shocks DROP CONSTRAINT price_shocks_ramp_check`);
    await q.query(`ALTER TABLE market.price_shocks DROP COLUMN ends_at, DROP COLUMN from_price`);
  }
}
