import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Perpetual positions (docs/positions.md). Amounts are numeric(38,0)
 * integers: sizes and quantities in the market's quantity units (a size is
 * signed: > 0 long, < 0 short), values, PnL, fees and margins in the
 * settlement asset's smallest units.
 * - positions: one row per user and perpetual market, the settings (leverage,
 *   margin mode) and the position with its life's sums; a flat row keeps the
 *   settings. `version` guards the optimistic writes of the order write path.
 * - closed_positions: the lives that ended (flat, or flipped): the history.
 * - version_conflict(): raised by the repository's write when a row it
 *   conditioned on a version turned out to have moved (see SqlPositionRepository).
 */
export class CreatePositionsSchema1763730520000 implements MigrationInterface {
  name = 'CreatePositionsSchema1763730520000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS positions`);
    await q.query(`
      CREATE TABLE positions.positions (
        user_id uuid NOT NULL,
        symbol text NOT NULL,
        asset text NOT NULL,
        leverage integer NOT NULL,
        margin_mode text NOT NULL,
        isolated_margin numeric(38,0) NOT NULL DEFAULT 0,
        size numeric(38,0) NOT NULL DEFAULT 0,
        entry_value numeric(38,0) NOT NULL DEFAULT 0,
        realized_pnl numeric(38,0) NOT NULL DEFAULT 0,
        fees numeric(38,0) NOT NULL DEFAULT 0,
        opened_quantity numeric(38,0) NOT NULL DEFAULT 0,
        opened_value numeric(38,0) NOT NULL DEFAULT 0,
        closed_quantity numeric(38,0) NOT NULL DEFAULT 0,
        closed_value numeric(38,0) NOT NULL DEFAULT 0,
        opened_at timestamptz,
        updated_at timestamptz NOT NULL,
        version integer NOT NULL,
        CONSTRAINT positions_pkey PRIMARY KEY (user_id, symbol),
        CONSTRAINT positions_leverage_check CHECK (leverage >= 1),
        CONSTRAINT positions_margin_mode_check CHECK (margin_mode IN ('CROSS', 'ISOLATED')),
        CONSTRAINT positions_amounts_check CHECK (isolated_margin >= 0 AND entry_value >= 0),
        CONSTRAINT positions_flat_check CHECK ((size = 0) = (entry_value = 0)),
        CONSTRAINT positions_version_check CHECK (version >= 1)
      )`);
    // Open interest of a market: only its open positions.
    await q.query(`CREATE INDEX positions_open_symbol_idx ON positions.positions (symbol) WHERE size <> 0`);
    await q.query(`
      CREATE TABLE positions.closed_positions (
        id bigint GENERATED ALWAYS AS IDENTITY,
        user_id uuid NOT NULL,
        symbol text NOT NULL,
        side text NOT NULL,
        opened_quantity numeric(38,0) NOT NULL,
        opened_value numeric(38,0) NOT NULL,
        closed_quantity numeric(38,0) NOT NULL,
        closed_value numeric(38,0) NOT NULL,
        realized_pnl numeric(38,0) NOT NULL,
        fees numeric(38,0) NOT NULL,
        opened_at timestamptz NOT NULL,
        closed_at timestamptz NOT NULL,
        CONSTRAINT closed_positions_pkey PRIMARY KEY (id),
        CONSTRAINT closed_positions_side_check CHECK (side IN ('LONG', 'SHORT'))
      )`);
    await q.query(`CREATE INDEX closed_positions_user_id_idx ON positions.closed_positions (user_id, id DESC)`);
    await q.query(`
      CREATE FUNCTION positions.version_conflict() RETURNS boolean LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'a position row changed since it was read' USING ERRCODE = 'PV409';
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION positions.version_conflict()`);
    await q.query(`DROP TABLE positions.closed_positions`);
    await q.query(`DROP TABLE positions.positions`);
    await q.query(`DROP SCHEMA IF EXISTS positions`);
  }
}
