import { MigrationInterface, QueryRunner } from 'typeorm';

/** Perpetual orders may be reduce-only (issue 14): they never increase a position and hold nothing. */
export class ReduceOnlyOrders1763730600000 implements MigrationInterface {
  name = 'ReduceOnlyOrders1763730600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE orders.orders ADD COLUMN reduce_only boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE orders.orders DROP COLUMN reduce_only`);
  }
}
