import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The risk context's funding (docs/risk.md, "Funding"). Rates are numeric
 * integers of 10^-8, prices in the market's price units, amounts in the
 * settlement asset's smallest units.
 * - premium_samples: the premium index sampled every FUNDING_SAMPLE_MS per
 *   perpetual market, kept so a restart still knows its interval's samples.
 * - funding_rates: one row per settled (market, funding time), written in the
 *   transaction of the payments themselves: its primary key is what makes a
 *   funding time settle once (with the ledger's unique reference behind it).
 */
export class CreateRiskSchema1763730800000 implements MigrationInterface {
  name = 'CreateRiskSchema1763730800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS risk`);
    await q.query(`
      CREATE TABLE risk.premium_samples (
        symbol text NOT NULL,
        sampled_at timestamptz NOT NULL,
        premium numeric(38,0) NOT NULL,
        CONSTRAINT premium_samples_pkey PRIMARY KEY (symbol, sampled_at)
      )`);
    await q.query(`
      CREATE TABLE risk.funding_rates (
        symbol text NOT NULL,
        funding_time timestamptz NOT NULL,
        rate numeric(38,0) NOT NULL,
        mark numeric(38,0) NOT NULL,
        paid numeric(38,0) NOT NULL,
        received numeric(38,0) NOT NULL,
        remainder numeric(38,0) NOT NULL,
        positions integer NOT NULL,
        settled_at timestamptz NOT NULL,
        CONSTRAINT funding_rates_pkey PRIMARY KEY (symbol, funding_time),
        CONSTRAINT funding_rates_sums_check CHECK (paid >= 0 AND received >= 0 AND remainder >= 0 AND paid = received + remainder AND positions >= 0)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA risk CASCADE`);
  }
}
