import { MigrationInterface, QueryRunner } from 'typeorm';

/** `held_at`: a suspended owner's pending withdrawal is held (the chain job skips it) until reactivation. */
export class HoldWithdrawals1763730300000 implements MigrationInterface {
  name = 'HoldWithdrawals1763730300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE wallet.withdrawals ADD COLUMN held_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE wallet.withdrawals DROP COLUMN held_at`);
  }
}
