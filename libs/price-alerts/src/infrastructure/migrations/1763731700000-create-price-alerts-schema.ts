import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The price alerts context (docs/price-alerts.md).
 * - alerts: one row per alert. target in price units of the market (scale
 *   = its price scale) or hundredths of a percent (CHANGE_24H_*, scale 2).
 *   `rises` is the direction watched now and `generation` counts its steps:
 *   a step is stored with UPDATE ... WHERE status = 'ACTIVE' AND generation
 *   = the one stepped from, in the transaction of its outbox event, so one
 *   crossing is stored (and delivered) once whoever evaluates it.
 * - history: what happened to alerts, newest last (id): FIRED (each firing of
 *   a recurring alert too), EXPIRED, CANCELLED. pushed: the firing went to
 *   the outbox (false: the owner's settings.notifications.priceAlerts was off).
 */
export class CreatePriceAlertsSchema1763731700000 implements MigrationInterface {
  name = 'CreatePriceAlertsSchema1763731700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS price_alerts`);
    await q.query(`
      CREATE TABLE price_alerts.alerts (
        id uuid NOT NULL,
        user_id uuid NOT NULL,
        symbol text NOT NULL,
        condition text NOT NULL,
        source text NOT NULL,
        target numeric(38,0) NOT NULL,
        scale smallint NOT NULL,
        recurring boolean NOT NULL,
        rises boolean NOT NULL,
        generation integer NOT NULL DEFAULT 0,
        status text NOT NULL,
        expires_at timestamptz,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT alerts_pkey PRIMARY KEY (id),
        CONSTRAINT alerts_condition_check CHECK (condition IN ('ABOVE', 'BELOW', 'CROSSES', 'CHANGE_24H_ABOVE', 'CHANGE_24H_BELOW')),
        CONSTRAINT alerts_source_check CHECK (source IN ('MARK', 'LAST')),
        CONSTRAINT alerts_status_check CHECK (status IN ('ACTIVE', 'FIRED', 'EXPIRED', 'CANCELLED'))
      )`);
    await q.query(`CREATE INDEX alerts_user_active_idx ON price_alerts.alerts (user_id, created_at) WHERE status = 'ACTIVE'`);
    await q.query(`CREATE INDEX alerts_expiry_idx ON price_alerts.alerts (expires_at) WHERE status = 'ACTIVE' AND expires_at IS NOT NULL`);
    await q.query(`
      CREATE TABLE price_alerts.history (
        id bigserial NOT NULL,
        alert_id uuid NOT NULL REFERENCES price_alerts.alerts (id),
        user_id uuid NOT NULL,
        kind text NOT NULL,
        price numeric(38,0),
        pushed boolean NOT NULL DEFAULT false,
        at timestamptz NOT NULL,
        CONSTRAINT history_pkey PRIMARY KEY (id),
        CONSTRAINT history_kind_check CHECK (kind IN ('FIRED', 'EXPIRED', 'CANCELLED'))
      )`);
    await q.query(`CREATE INDEX history_user_idx ON price_alerts.history (user_id, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA price_alerts CASCADE`);
  }
}
