import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A market change may be made by the platform itself (the continuous
 * reconciliation halting a market, docs/operations.md): its audit row has no
 * admin (`admin_id` NULL) and says why (`reason`).
 */
export class SystemMarketChanges1763731400000 implements MigrationInterface {
  name = 'SystemMarketChanges1763731400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE market.admin_audit ALTER COLUMN admin_id DROP NOT NULL, ADD COLUMN reason text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM market.admin_audit WHERE admin_id IS NULL`);
    await q.query(`ALTER TABLE market.admin_audit ALTER COLUMN admin_id SET NOT NULL, DROP COLUMN reason`);
  }
}
