import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Order lists (issue 16, docs/conditional-orders.md "Order lists"): OCO,
 * bracket and OTO. The orders of a list carry its id and their role; the
 * orders a list places later (a bracket's legs, an OTO's pending order) wait
 * in `pending` until then. orders.list_id has no foreign key: a list and its
 * first orders are written by one batch, the orders first.
 */
export class OrderLists1763731200000 implements MigrationInterface {
  name = 'OrderLists1763731200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE orders.order_lists (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL,
        symbol text NOT NULL,
        kind text NOT NULL,
        status text NOT NULL DEFAULT 'EXECUTING',
        client_list_id text,
        pending jsonb,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT order_lists_kind_check CHECK (kind IN ('OCO', 'BRACKET', 'OTO')),
        CONSTRAINT order_lists_status_check CHECK (status IN ('EXECUTING', 'ALL_DONE')),
        CONSTRAINT order_lists_user_client_list_id_key UNIQUE (user_id, client_list_id)
      )`);
    await q.query(`CREATE INDEX order_lists_executing_idx ON orders.order_lists (created_at, id) WHERE status = 'EXECUTING'`);
    await q.query(`CREATE INDEX order_lists_user_created_idx ON orders.order_lists (user_id, created_at, id)`);
    await q.query(`ALTER TABLE orders.orders ADD COLUMN list_role text,
      ADD CONSTRAINT orders_list_role_check CHECK ((list_id IS NULL) = (list_role IS NULL)
        AND (list_role IS NULL OR list_role IN ('LEG', 'ENTRY', 'TAKE_PROFIT', 'STOP_LOSS', 'WORKING', 'PENDING')))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE orders.orders DROP CONSTRAINT orders_list_role_check, DROP COLUMN list_role`);
    await q.query(`DROP TABLE orders.order_lists`);
  }
}
