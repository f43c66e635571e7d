import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { IntegrationEvent } from './integration-event';

/** Events one read returns at most (after `since`). */
export const MAX_USER_EVENTS_PER_READ = 1000;
/** How many of the user's events just below `since` are looked at for late ones (see below). */
const LATE_LOOKBACK = 200;

export interface UserEventsRead {
  /** Each with its `position`, in position order. */
  readonly events: readonly IntegrationEvent[];
  /** More events after the last one: read again from its position. */
  readonly more: boolean;
}

interface Row {
  readonly id: string;
  readonly event_id: string;
  readonly type: string;
  readonly payload: Record<string, unknown>;
  readonly occurred_at: Date;
}

/*
 * What "after `since`" means. Positions (outbox ids) are allocated at insert,
 * not at commit, and the relay may publish a row of a transaction that was
 * still in flight after a row with a higher id (see OutboxRelay). A consumer
 * that saw position P live may therefore not have seen a smaller position
 * published after P. So a read returns, besides every committed event above
 * `since`, the user's "late" events below it: those not published yet, and
 * those published after the event at `since` (a later relay batch than P's,
 * whose published_at is later). Events of P's own batch below P were
 * dispatched before P and are not returned. Late events are looked for among
 * the user's last LATE_LOOKBACK events below `since` only (overlapping
 * transactions are close in id); consumers deduplicate by position.
 */
const AFTER = `
  SELECT id, event_id, type, payload, occurred_at
    FROM platform.outbox
   WHERE payload ? 'userId' AND payload->>'userId' = $1 AND id > $2 AND type = ANY($3::text[])
   ORDER BY id
   LIMIT $4`;

const LATE = `
  SELECT id, event_id, type, payload, occurred_at
    FROM (SELECT id, event_id, type, payload, occurred_at, published_at
            FROM platform.outbox
           WHERE payload ? 'userId' AND payload->>'userId' = $1 AND id < $2
           ORDER BY id DESC
           LIMIT ${LATE_LOOKBACK}) recent
   WHERE type = ANY($3::text[])
     AND (published_at IS NULL OR published_at > (SELECT published_at FROM platform.outbox WHERE id = $2))
   ORDER BY id`;

/**
 * Reads one user's integration events back from the outbox (the payload's
 * `userId`), for a stream client that reconnects and asks for what it
 * missed. Uses the index `outbox_user_id_idx`. Reads committed rows only,
 * whether the relay has published them yet or not.
 */
@Injectable()
export class OutboxUserEvents {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The user's events of `types` after position `since` (plus late ones below
   * it, see above), in position order, at most `limit` after `since`.
   */
  async after(userId: string, since: bigint, types: readonly string[], limit = MAX_USER_EVENTS_PER_READ): Promise<UserEventsRead> {
    if (types.length === 0) return { events: [], more: false };
    const capped = Math.max(1, Math.min(limit, MAX_USER_EVENTS_PER_READ));
    const sinceText = since.toString();
    const late = since > 0n ? await this.dataSource.query<Row[]>(LATE, [userId, sinceText, types]) : [];
    const after = await this.dataSource.query<Row[]>(AFTER, [userId, sinceText, types, capped + 1]);
    const more = after.length > capped;
    return { events: [...late, ...after.slice(0, capped)].map(toEvent), more };
  }
}

function toEvent(row: Row): IntegrationEvent {
  return { eventId: row.event_id, type: row.type, occurredAt: row.occurred_at.toISOString(), payload: row.payload, position: String(row.id) };
}
