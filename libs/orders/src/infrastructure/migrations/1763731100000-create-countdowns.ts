import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The dead-man's switch (issue 16): one countdown per user and market ('' =
 * all markets). The loop finds the due ones by deadline (the index), deletes
 * them and cancels the user's orders.
 */
export class CreateCountdowns1763731100000 implements MigrationInterface {
  name = 'CreateCountdowns1763731100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE orders.countdowns (
        user_id uuid NOT NULL,
        symbol text NOT NULL,
        deadline timestamptz NOT NULL,
        PRIMARY KEY (user_id, symbol)
      )`);
    await q.query(`CREATE INDEX countdowns_deadline_idx ON orders.countdowns (deadline)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE orders.countdowns`);
  }
}
