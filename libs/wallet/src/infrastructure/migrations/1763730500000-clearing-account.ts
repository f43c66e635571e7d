import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The CLEARING system account (one per settlement asset, perpetuals): the
 * counterparty of realized PnL, so like EXTERNAL its available balance may be
 * negative (docs/positions.md, "Money"). Both constraints are recreated.
 * `down` fails while a CLEARING account exists: its postings are append-only,
 * so it cannot be removed without losing money.
 */
export class ClearingAccount1763730500000 implements MigrationInterface {
  name = 'ClearingAccount1763730500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE wallet.accounts DROP CONSTRAINT accounts_kind_check`);
    await q.query(`ALTER TABLE wallet.accounts ADD CONSTRAINT accounts_kind_check CHECK (kind IN ('SPOT', 'MARGIN', 'EXTERNAL', 'FEES', 'INSURANCE_FUND', 'CLEARING'))`);
    await q.query(`ALTER TABLE wallet.accounts DROP CONSTRAINT accounts_available_check`);
    await q.query(`ALTER TABLE wallet.accounts ADD CONSTRAINT accounts_available_check CHECK (kind IN ('EXTERNAL', 'CLEARING') OR available >= 0)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE wallet.accounts DROP CONSTRAINT accounts_available_check`);
    await q.query(`ALTER TABLE wallet.accounts ADD CONSTRAINT accounts_available_check CHECK (kind = 'EXTERNAL' OR available >= 0)`);
    await q.query(`ALTER TABLE wallet.accounts DROP CONSTRAINT accounts_kind_check`);
    await q.query(`ALTER TABLE wallet.accounts ADD CONSTRAINT accounts_kind_check CHECK (kind IN ('SPOT', 'MARGIN', 'EXTERNAL', 'FEES', 'INSURANCE_FUND'))`);
  }
}
