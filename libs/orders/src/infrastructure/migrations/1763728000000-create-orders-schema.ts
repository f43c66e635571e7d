import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Orders and trades. Amounts are numeric(38,0) integers: prices in the
 * market's price units, quantities in its quantity units, quote and fees in
 * the quote asset's smallest units. `priority` is the price-time priority
 * stamp within a market (a book is rebuilt by it on boot). An order keeps the
 * fee rates it was placed with (ppm).
 */
export class CreateOrdersSchema1763728000000 implements MigrationInterface {
  name = 'CreateOrdersSchema1763728000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS orders`);
    await q.query(`
      CREATE TABLE orders.orders (
        id uuid NOT NULL,
        user_id uuid NOT NULL,
        symbol text NOT NULL,
        side text NOT NULL,
        type text NOT NULL,
        time_in_force text NOT NULL,
        price numeric(38,0),
        quantity numeric(38,0) NOT NULL,
        filled_quantity numeric(38,0) NOT NULL DEFAULT 0,
        taker_quote numeric(38,0) NOT NULL DEFAULT 0,
        maker_quote numeric(38,0) NOT NULL DEFAULT 0,
        fee_paid numeric(38,0) NOT NULL DEFAULT 0,
        status text NOT NULL,
        reason text,
        client_order_id text,
        hold_asset text NOT NULL,
        hold_remaining numeric(38,0) NOT NULL,
        maker_fee_rate numeric(38,0) NOT NULL,
        taker_fee_rate numeric(38,0) NOT NULL,
        priority bigint NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT orders_pkey PRIMARY KEY (id),
        CONSTRAINT orders_user_client_order_id_key UNIQUE (user_id, client_order_id),
        CONSTRAINT orders_side_check CHECK (side IN ('BUY', 'SELL')),
        CONSTRAINT orders_type_check CHECK (type IN ('MARKET', 'LIMIT')),
        CONSTRAINT orders_tif_check CHECK (time_in_force IN ('GTC', 'IOC', 'FOK', 'POST_ONLY')),
        CONSTRAINT orders_status_check CHECK (status IN ('NEW', 'PARTIALLY_FILLED', 'FILLED', 'CANCELED', 'EXPIRED', 'REJECTED')),
        CONSTRAINT orders_quantity_check CHECK (quantity > 0 AND filled_quantity >= 0 AND filled_quantity <= quantity),
        CONSTRAINT orders_price_check CHECK (price IS NULL OR price > 0),
        CONSTRAINT orders_hold_check CHECK (hold_remaining >= 0),
        CONSTRAINT orders_fee_check CHECK (fee_paid >= 0 AND taker_quote >= 0 AND maker_quote >= 0 AND maker_fee_rate >= 0 AND taker_fee_rate >= 0)
      )`);
    await q.query(`CREATE INDEX orders_open_book_idx ON orders.orders (symbol, priority) WHERE status IN ('NEW', 'PARTIALLY_FILLED')`);
    await q.query(`CREATE INDEX orders_user_created_idx ON orders.orders (user_id, created_at, id)`);
    await q.query(`CREATE INDEX orders_user_open_idx ON orders.orders (user_id, symbol) WHERE status IN ('NEW', 'PARTIALLY_FILLED')`);
    await q.query(`
      CREATE TABLE orders.trades (
        id bigserial NOT NULL,
        symbol text NOT NULL,
        price numeric(38,0) NOT NULL,
        quantity numeric(38,0) NOT NULL,
        quote numeric(38,0) NOT NULL,
        taker_side text NOT NULL,
        maker_order_id uuid NOT NULL,
        taker_order_id uuid NOT NULL,
        maker_user_id uuid NOT NULL,
        taker_user_id uuid NOT NULL,
        maker_fee numeric(38,0) NOT NULL,
        taker_fee numeric(38,0) NOT NULL,
        created_at timestamptz NOT NULL,
        CONSTRAINT trades_pkey PRIMARY KEY (id),
        CONSTRAINT trades_amounts_check CHECK (price > 0 AND quantity > 0 AND quote > 0 AND maker_fee >= 0 AND taker_fee >= 0),
        CONSTRAINT trades_taker_side_check CHECK (taker_side IN ('BUY', 'SELL'))
      )`);
    await q.query(`CREATE INDEX trades_symbol_created_idx ON orders.trades (symbol, created_at, id)`);
    await q.query(`CREATE INDEX trades_maker_user_idx ON orders.trades (maker_user_id, id)`);
    await q.query(`CREATE INDEX trades_taker_user_idx ON orders.trades (taker_user_id, id)`);
    await q.query(`CREATE INDEX trades_maker_order_idx ON orders.trades (maker_order_id)`);
    await q.query(`CREATE INDEX trades_taker_order_idx ON orders.trades (taker_order_id)`);
    // One row per market: every command's transaction bumps it first. The row lock
    // serialises a market's commands across instances, and the version tells an
    // instance whether its in-memory book saw every change before this one.
    await q.query(`
      CREATE TABLE orders.market_state (
        symbol text NOT NULL,
        version bigint NOT NULL,
        CONSTRAINT market_state_pkey PRIMARY KEY (symbol)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE orders.market_state`);
    await q.query(`DROP TABLE orders.trades`);
    await q.query(`DROP TABLE orders.orders`);
    await q.query(`DROP SCHEMA IF EXISTS orders`);
  }
}
