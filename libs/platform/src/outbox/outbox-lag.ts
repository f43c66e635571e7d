import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** How far the outbox relay is behind: committed events not yet published. */
export interface OutboxLagView {
  /** Events written and not yet relayed (counted up to OUTBOX_LAG_COUNT_CAP). */
  readonly rows: number;
  /** The age of the oldest of them (ms), 0 when there is none. */
  readonly ageMs: number;
}

/** A backlog is counted up to this many rows: past it the figure is "at least". */
export const OUTBOX_LAG_COUNT_CAP = 100_000;

/*
 * The rows after the relay's cursor in relay order (the index scan the relay
 * itself uses), capped: a healthy outbox has a handful, and a huge backlog must
 * not make the check itself slow. Rows of transactions still running are not
 * yet relayable and not counted as lag (the relay's own snapshot rule).
 */
const SELECT_LAG = `
  SELECT count(*)::int AS rows,
         COALESCE(floor(extract(epoch FROM (clock_timestamp() - min(l.recorded_at))) * 1000), 0)::bigint::text AS age_ms
    FROM platform.outbox_relay_cursor c
   CROSS JOIN LATERAL (
         SELECT o.recorded_at FROM platform.outbox o
          WHERE (o.tx_id, o.id) > (c.tx_id, c.id)
            AND o.tx_id < pg_snapshot_xmin(pg_current_snapshot())::text::bigint
          ORDER BY o.tx_id, o.id
          LIMIT ${OUTBOX_LAG_COUNT_CAP}) l
   WHERE c.name = 'relay'`;

/** Reads the relay's backlog (admin stats, the /admin namespace, the outbox lag alert). One query, any instance. */
@Injectable()
export class OutboxLag {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async read(): Promise<OutboxLagView> {
    const rows = (await this.dataSource.query(SELECT_LAG)) as { rows: number; age_ms: string }[];
    const row = rows[0];
    return row ? { rows: row.rows, ageMs: Math.max(0, Number(row.age_ms)) } : { rows: 0, ageMs: 0 };
  }
}
