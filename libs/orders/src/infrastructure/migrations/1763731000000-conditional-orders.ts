import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Conditional orders and GTD (issue 16, docs/conditional-orders.md): an order
 * may wait UNTRIGGERED for a price (its condition in the trigger_* columns),
 * expire at good_till, and belong to an order list.
 */
export class ConditionalOrders1763731000000 implements MigrationInterface {
  name = 'ConditionalOrders1763731000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE orders.orders
      ADD COLUMN trigger_kind text,
      ADD COLUMN trigger_by text,
      ADD COLUMN trigger_price numeric(38,0),
      ADD COLUMN callback_rate numeric(38,0),
      ADD COLUMN activation_price numeric(38,0),
      ADD COLUMN close_position boolean NOT NULL DEFAULT false,
      ADD COLUMN trail_anchor numeric(38,0),
      ADD COLUMN triggered_at timestamptz,
      ADD COLUMN good_till timestamptz,
      ADD COLUMN list_id uuid`);
    await q.query(`ALTER TABLE orders.orders DROP CONSTRAINT orders_status_check,
      ADD CONSTRAINT orders_status_check CHECK (status IN ('UNTRIGGERED', 'NEW', 'PARTIALLY_FILLED', 'FILLED', 'CANCELED', 'EXPIRED', 'REJECTED'))`);
    await q.query(`ALTER TABLE orders.orders DROP CONSTRAINT orders_tif_check,
      ADD CONSTRAINT orders_tif_check CHECK (time_in_force IN ('GTC', 'GTD', 'IOC', 'FOK', 'POST_ONLY'))`);
    await q.query(`ALTER TABLE orders.orders ADD CONSTRAINT orders_trigger_check CHECK (
      (trigger_kind IS NULL AND trigger_by IS NULL AND trigger_price IS NULL AND callback_rate IS NULL AND activation_price IS NULL AND trail_anchor IS NULL AND triggered_at IS NULL)
      OR (trigger_kind IN ('STOP', 'TAKE_PROFIT') AND trigger_by IN ('MARK', 'LAST') AND trigger_price > 0 AND callback_rate IS NULL AND activation_price IS NULL)
      OR (trigger_kind = 'TRAILING_STOP' AND trigger_by IN ('MARK', 'LAST') AND trigger_price IS NULL AND callback_rate > 0 AND (activation_price IS NULL OR activation_price > 0)))`);
    await q.query(`ALTER TABLE orders.orders ADD CONSTRAINT orders_untriggered_check CHECK (status <> 'UNTRIGGERED' OR (trigger_kind IS NOT NULL AND triggered_at IS NULL))`);
    await q.query(`ALTER TABLE orders.orders ADD CONSTRAINT orders_good_till_check CHECK ((time_in_force = 'GTD') = (good_till IS NOT NULL))`);
    await q.query(`CREATE INDEX orders_untriggered_idx ON orders.orders (symbol) WHERE status = 'UNTRIGGERED'`);
    await q.query(`CREATE INDEX orders_good_till_idx ON orders.orders (good_till) WHERE good_till IS NOT NULL AND status IN ('UNTRIGGERED', 'NEW', 'PARTIALLY_FILLED')`);
    await q.query(`CREATE INDEX orders_list_idx ON orders.orders (list_id) WHERE list_id IS NOT NULL`);
    await q.query(`DROP INDEX orders.orders_user_open_idx`);
    await q.query(`CREATE INDEX orders_user_open_idx ON orders.orders (user_id, symbol) WHERE status IN ('UNTRIGGERED', 'NEW', 'PARTIALLY_FILLED')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM orders.orders WHERE status = 'UNTRIGGERED' OR time_in_force = 'GTD'`);
    await q.query(`DROP INDEX orders.orders_user_open_idx`);
    await q.query(`CREATE INDEX orders_user_open_idx ON orders.orders (user_id, symbol) WHERE status IN ('NEW', 'PARTIALLY_FILLED')`);
    await q.query(`DROP INDEX orders.orders_list_idx`);
    await q.query(`DROP INDEX orders.orders_good_till_idx`);
    await q.query(`DROP INDEX orders.orders_untriggered_idx`);
    await q.query(`ALTER TABLE orders.orders DROP CONSTRAINT orders_good_till_check, DROP CONSTRAINT orders_untriggered_check, DROP CONSTRAINT orders_trigger_check`);
    await q.query(`ALTER TABLE orders.orders DROP CONSTRAINT orders_tif_check,
      ADD CONSTRAINT orders_tif_check CHECK (time_in_force IN ('GTC', 'IOC', 'FOK', 'POST_ONLY'))`);
    await q.query(`ALTER TABLE orders.orders DROP CONSTRAINT orders_status_check,
      ADD CONSTRAINT orders_status_check CHECK (status IN ('NEW', 'PARTIALLY_FILLED', 'FILLED', 'CANCELED', 'EXPIRED', 'REJECTED'))`);
    await q.query(`ALTER TABLE orders.orders DROP COLUMN trigger_kind, DROP COLUMN trigger_by, DROP COLUMN trigger_price, DROP COLUMN callback_rate,
      DROP COLUMN activation_price, DROP COLUMN close_position, DROP COLUMN trail_anchor, DROP COLUMN triggered_at, DROP COLUMN good_till, DROP COLUMN list_id`);
  }
}
