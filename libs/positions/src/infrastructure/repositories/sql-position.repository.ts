import { Injectable } from '@nestjs/common';
import { TransactionHost, TransactionalAdapterTypeOrm } from '@lib/platform';
import { EntityManager } from 'typeorm';
import { ClosedPositionPage, MarketPositionTotals, PositionRepository } from '../../application/ports';
import { ClosedPosition, PositionRecord } from '../../domain';
import {
  CLOSED_COLUMNS,
  ClosedRow,
  POSITION_COLUMNS,
  PositionRow,
  closedParams,
  decodeHistoryCursor,
  encodeHistoryCursor,
  positionParams,
  toClosed,
  toRecord,
} from './position-rows';

/** The SQLSTATE positions.version_conflict() raises (migration 1763730520000). */
const VERSION_CONFLICT = 'PV409';

/**
 * The write of the position rows and closed positions, one statement whatever their number.
 *
 * All or nothing, without a savepoint (which would cost round trips and only works inside a
 * transaction), in two layers:
 * - `stored` locks the rows that exist, in key order (two batches never deadlock on them). Under
 *   READ COMMITTED a locked row is its latest committed version, not the statement's snapshot's,
 *   so `checked` compares the callers' versions with what is really there, and every write is
 *   conditioned on it: a row that moved since it was read writes nothing at all, and the
 *   transaction stays usable. This is the common conflict.
 * - A row the caller saw absent (version 0) that another transaction inserts meanwhile is not in
 *   the snapshot, so `stored` cannot see it: the insert waits for it, then the upsert's own guard
 *   (`version = EXCLUDED.version - 1`) skips it. The count of the upserted rows tells, and the
 *   final SELECT then raises (positions.version_conflict()), which undoes the whole statement. That
 *   error aborts the caller's transaction, which rolls back on `false` anyway.
 */
const WRITE = `
  WITH input AS (
      SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[], $5::text[], $6::numeric[], $7::numeric[], $8::numeric[],
        $9::numeric[], $10::numeric[], $11::numeric[], $12::numeric[], $13::numeric[], $14::numeric[], $15::timestamptz[],
        $16::timestamptz[], $17::int[])
        AS r(user_id, symbol, asset, leverage, margin_mode, isolated_margin, size, entry_value, realized_pnl, fees,
          opened_quantity, opened_value, closed_quantity, closed_value, opened_at, updated_at, version)
    ),
    stored AS (
      SELECT p.user_id, p.symbol, p.version
        FROM positions.positions p JOIN input r ON r.user_id = p.user_id AND r.symbol = p.symbol
       ORDER BY p.user_id, p.symbol
         FOR UPDATE OF p
    ),
    checked AS (
      SELECT NOT EXISTS (SELECT FROM input r LEFT JOIN stored s ON s.user_id = r.user_id AND s.symbol = r.symbol
                          WHERE COALESCE(s.version, 0) <> r.version) AS current
    ),
    written AS (
      INSERT INTO positions.positions AS p (user_id, symbol, asset, leverage, margin_mode, isolated_margin, size, entry_value,
        realized_pnl, fees, opened_quantity, opened_value, closed_quantity, closed_value, opened_at, updated_at, version)
      SELECT r.user_id, r.symbol, r.asset, r.leverage, r.margin_mode, r.isolated_margin, r.size, r.entry_value, r.realized_pnl,
             r.fees, r.opened_quantity, r.opened_value, r.closed_quantity, r.closed_value, r.opened_at, r.updated_at, r.version + 1
        FROM input r
       WHERE (SELECT current FROM checked)
       ORDER BY r.user_id, r.symbol
      ON CONFLICT (user_id, symbol) DO UPDATE SET asset = EXCLUDED.asset, leverage = EXCLUDED.leverage,
        margin_mode = EXCLUDED.margin_mode, isolated_margin = EXCLUDED.isolated_margin, size = EXCLUDED.size,
        entry_value = EXCLUDED.entry_value, realized_pnl = EXCLUDED.realized_pnl, fees = EXCLUDED.fees,
        opened_quantity = EXCLUDED.opened_quantity, opened_value = EXCLUDED.opened_value,
        closed_quantity = EXCLUDED.closed_quantity, closed_value = EXCLUDED.closed_value, opened_at = EXCLUDED.opened_at,
        updated_at = EXCLUDED.updated_at, version = EXCLUDED.version
       WHERE p.version = EXCLUDED.version - 1
      RETURNING 1
    ),
    closed AS (
      INSERT INTO positions.closed_positions (user_id, symbol, side, opened_quantity, opened_value, closed_quantity, closed_value,
        realized_pnl, fees, opened_at, closed_at)
      SELECT c.user_id, c.symbol, c.side, c.opened_quantity, c.opened_value, c.closed_quantity, c.closed_value, c.realized_pnl,
             c.fees, c.opened_at, c.closed_at
        FROM unnest($18::uuid[], $19::text[], $20::text[], $21::numeric[], $22::numeric[], $23::numeric[], $24::numeric[],
          $25::numeric[], $26::numeric[], $27::timestamptz[], $28::timestamptz[])
          WITH ORDINALITY AS c(user_id, symbol, side, opened_quantity, opened_value, closed_quantity, closed_value, realized_pnl,
          fees, opened_at, closed_at, n)
       WHERE (SELECT current FROM checked)
       ORDER BY c.n
    )
  SELECT CASE WHEN NOT c.current THEN false
              WHEN (SELECT count(*) FROM written) = cardinality($1::uuid[]) THEN true
              ELSE positions.version_conflict() END AS applied
    FROM checked c`;

/**
 * Positions in plain SQL, on the ambient transaction's connection
 * (TransactionHost.tx: the caller's transaction inside one, the pool
 * outside), so the order write path's batch writes them in its own
 * transaction.
 */
@Injectable()
export class SqlPositionRepository extends PositionRepository {
  constructor(private readonly tx: TransactionHost<TransactionalAdapterTypeOrm>) {
    super();
  }

  private get em(): EntityManager {
    return this.tx.tx;
  }

  /** Every asked user is in the map, with no rows when they have none. */
  async ofUsers(userIds: readonly string[]): Promise<ReadonlyMap<string, readonly PositionRecord[]>> {
    const byUser = new Map<string, PositionRecord[]>(userIds.map((id) => [id, []]));
    if (userIds.length === 0) return byUser;
    const rows: PositionRow[] = await this.em.query(
      `SELECT ${POSITION_COLUMNS} FROM positions.positions WHERE user_id = ANY($1::uuid[]) ORDER BY user_id, symbol`,
      [[...new Set(userIds)]],
    );
    for (const row of rows) byUser.get(row.user_id)?.push(toRecord(row));
    return byUser;
  }

  async ofMarket(symbol: string): Promise<readonly PositionRecord[]> {
    const rows: PositionRow[] = await this.em.query(`SELECT ${POSITION_COLUMNS} FROM positions.positions WHERE symbol = $1 ORDER BY user_id`, [symbol]);
    return rows.map(toRecord);
  }

  async find(userId: string, symbol: string): Promise<PositionRecord | null> {
    const rows: PositionRow[] = await this.em.query(`SELECT ${POSITION_COLUMNS} FROM positions.positions WHERE user_id = $1 AND symbol = $2`, [userId, symbol]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async write(rows: readonly PositionRecord[], closed: readonly ClosedPosition[]): Promise<boolean> {
    if (rows.length === 0 && closed.length === 0) return true;
    const keys = new Set(rows.map((r) => `${r.userId}:${r.symbol}`));
    // One upsert cannot touch a row twice: a caller writes each row once, with its last state.
    if (keys.size !== rows.length) throw new Error('a position row is written twice in one write');
    try {
      const [{ applied }] = (await this.em.query(WRITE, [...positionParams(rows), ...closedParams(closed)])) as [{ applied: boolean }];
      return applied;
    } catch (error) {
      if ((error as { driverError?: { code?: string } }).driverError?.code === VERSION_CONFLICT) return false;
      throw error;
    }
  }

  async history(userId: string, query: { readonly symbol?: string; readonly cursor?: string; readonly limit: number }): Promise<ClosedPositionPage> {
    const before = query.cursor === undefined ? null : decodeHistoryCursor(query.cursor);
    const rows: ClosedRow[] = await this.em.query(
      `SELECT ${CLOSED_COLUMNS} FROM positions.closed_positions
        WHERE user_id = $1 AND ($2::text IS NULL OR symbol = $2) AND ($3::bigint IS NULL OR id < $3)
        ORDER BY id DESC LIMIT $4`,
      [userId, query.symbol ?? null, before, query.limit + 1],
    );
    const items = rows.slice(0, query.limit).map(toClosed);
    const last = items[items.length - 1];
    return { items, next: rows.length > query.limit && last ? encodeHistoryCursor(last.id) : null };
  }

  async openInterest(symbol: string): Promise<{ readonly long: bigint; readonly short: bigint }> {
    const [row] = (await this.em.query(
      `SELECT COALESCE(sum(size) FILTER (WHERE size > 0), 0)::text AS long, COALESCE(-sum(size) FILTER (WHERE size < 0), 0)::text AS short
         FROM positions.positions WHERE symbol = $1 AND size <> 0`,
      [symbol],
    )) as [{ long: string; short: string }];
    return { long: BigInt(row.long), short: BigInt(row.short) };
  }

  async marketTotals(): Promise<MarketPositionTotals[]> {
    const rows: { symbol: string; asset: string; long: string; short: string; long_value: string; short_value: string }[] = await this.em.query(
      `SELECT symbol, asset,
              COALESCE(sum(size) FILTER (WHERE size > 0), 0)::text AS long, COALESCE(-sum(size) FILTER (WHERE size < 0), 0)::text AS short,
              COALESCE(sum(entry_value) FILTER (WHERE size > 0), 0)::text AS long_value, COALESCE(sum(entry_value) FILTER (WHERE size < 0), 0)::text AS short_value
         FROM positions.positions WHERE size <> 0 GROUP BY symbol, asset ORDER BY symbol, asset`,
    );
    return rows.map((r) => ({ symbol: r.symbol, asset: r.asset, long: BigInt(r.long), short: BigInt(r.short), longEntryValue: BigInt(r.long_value), shortEntryValue: BigInt(r.short_value) }));
  }

  async isolatedMargins(): Promise<{ readonly userId: string; readonly asset: string; readonly margin: bigint }[]> {
    const rows: { user_id: string; asset: string; margin: string }[] = await this.em.query(
      `SELECT user_id, asset, sum(isolated_margin)::text AS margin FROM positions.positions WHERE isolated_margin <> 0 GROUP BY user_id, asset`,
    );
    return rows.map((r) => ({ userId: r.user_id, asset: r.asset, margin: BigInt(r.margin) }));
  }
}
