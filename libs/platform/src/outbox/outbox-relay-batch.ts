import { QueryResultRow } from 'pg';
import { IntegrationEvent } from './integration-event';
import { OutboxDispatcher } from './outbox-dispatcher';

/** Rows per read. */
export const OUTBOX_BATCH_SIZE = 500;

/*
 * Which rows the relay reads, and why.
 *
 * Outbox ids come from a sequence when a row is inserted, but transactions
 * commit in any order: T1 takes id 10, T2 takes id 11 and commits first. A
 * relay that read "every row after the last id I published" would skip 10
 * forever. So the relay only takes rows whose writing transaction is below
 * the xmin of the statement's snapshot: every transaction below xmin has
 * finished (committed, so visible in that same snapshot, or rolled back, so
 * its rows never exist), and no row of a transaction still in flight is
 * considered. It reads them in relay order, (tx_id, id): the writing
 * transaction's id, then the row's. A transaction takes its xid at its first
 * write, so no row can ever appear before a position below xmin: the relay
 * keeps a cursor (the last position it published, in
 * `platform.outbox_relay_cursor`, read by each batch's statement and moved
 * once per batch) and never writes to the outbox rows themselves. Moving the
 * cursor back (an UPDATE of that row) relays the events after it again.
 *
 * What subscribers can rely on: the events of one transaction arrive
 * together, in append order, and the events of a transaction that began
 * writing before another arrive before the other's (whatever the commit
 * order). Positions (ids) are allocated at insert, so two overlapping
 * transactions may be relayed out of id order: a consumer that needs a strict
 * order per aggregate compares ids per aggregate (a later change of one row
 * always has the higher id) or carries a version in the payload. The price is
 * latency, never loss: a long writing transaction anywhere on the server holds
 * the relay back until it ends.
 *
 * `tx_id` is the xid8 stored as bigint (see the migration), so xmin is
 * converted the same way.
 */
const SELECT_BATCH = `
  SELECT o.id, o.event_id, o.type, o.payload, o.occurred_at, o.tx_id::text AS tx_id
    FROM platform.outbox_relay_cursor c
   CROSS JOIN LATERAL (
         SELECT * FROM platform.outbox o
          WHERE (o.tx_id, o.id) > (c.tx_id, c.id)
            AND o.tx_id < pg_snapshot_xmin(pg_current_snapshot())::text::bigint
          ORDER BY o.tx_id, o.id
          LIMIT $1) o
   WHERE c.name = 'relay'
   ORDER BY o.tx_id, o.id`;
/*
 * The LATERAL form is the plan: for the one cursor row, an index scan of
 * outbox_relay_order_idx from the cursor, in order, stopped at the LIMIT
 * (~0.3 ms on 200k rows). Written as `(tx_id, id) > (SELECT ... cursor)`, the
 * planner could not know how few rows follow the cursor and chose a parallel
 * bitmap scan and a sort (~7 ms on the same table, growing with it). The
 * ORDER BY names the numeric columns (o.tx_id): the bare name would be the
 * text column of the select list.
 */

/** The migration creates the cursor; a database restored without it starts from the beginning. */
const ENSURE_CURSOR = `INSERT INTO platform.outbox_relay_cursor (name, tx_id, id) VALUES ('relay', 0, 0) ON CONFLICT (name) DO NOTHING`;

const MOVE_CURSOR = `UPDATE platform.outbox_relay_cursor SET tx_id = $1, id = $2, moved_at = now() WHERE name = 'relay'`;

export interface OutboxRow {
  readonly id: string;
  readonly event_id: string;
  readonly type: string;
  readonly payload: Record<string, unknown>;
  readonly occurred_at: Date;
  readonly tx_id: string;
}

/**
 * Where the relay's statements run: the session that holds its lock
 * (LeadershipLease.query), so that none of them can run once the lock is
 * lost (fencing: a deposed relay never moves the cursor).
 */
export interface RelaySession {
  query<R extends QueryResultRow = QueryResultRow>(sql: string, params?: unknown[]): Promise<R[]>;
}

/**
 * One step of the relay loop: read a batch after the cursor, publish it, move
 * the cursor past what was published. It counts what it did for the relay's
 * status.
 */
export class OutboxRelayBatch {
  /** Reads of the outbox since boot. */
  polls = 0;
  /** Events relayed (published, cursor moved past them) since boot. */
  relayed = 0;

  /**
   * `publish`: the Redis fan-out of a batch (never throws);
   * `stopping`: checked before each event, so a stop finishes the event in hand only.
   */
  constructor(
    private readonly session: RelaySession,
    private readonly publish: (events: readonly IntegrationEvent[]) => void,
    private readonly dispatcher: OutboxDispatcher,
    private readonly stopping: () => boolean,
  ) {}

  /** Run once per term of leadership, before the first read. */
  async ensureCursor(): Promise<void> {
    await this.session.query(ENSURE_CURSOR);
  }

  /**
   * Reads one batch after the cursor, publishes it (on Redis, event by event
   * to `subscribe` handlers, at once to batch handlers), moves the cursor past
   * what was published. Returns how many.
   */
  async relayNext(): Promise<number> {
    this.polls += 1;
    const rows = await this.session.query<OutboxRow>(SELECT_BATCH, [OUTBOX_BATCH_SIZE]);
    if (rows.length === 0) return 0;
    const events = rows.map(toIntegrationEvent);
    this.publish(events);
    // Batch handlers get the whole batch; when a stop cuts the per-event loop short, the cursor
    // moves past its prefix only, and the rest comes again (idempotent handlers) with the next relay.
    const published = await this.dispatcher.dispatch(events, this.stopping);
    if (published > 0) {
      const last = rows[published - 1]!;
      await this.session.query(MOVE_CURSOR, [last.tx_id, last.id]);
    }
    this.relayed += published;
    return published;
  }
}

/** Exported for its unit test. */
export function toIntegrationEvent(row: OutboxRow): IntegrationEvent {
  return { eventId: row.event_id, type: row.type, occurredAt: row.occurred_at.toISOString(), payload: row.payload, position: row.id };
}
