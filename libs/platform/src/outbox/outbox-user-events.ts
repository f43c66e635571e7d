import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { IntegrationEventOf, asEventOf } from './event-map';
import { IntegrationEvent } from './integration-event';

/** Events one read returns at most (after `since`). */
export const MAX_USER_EVENTS_PER_READ = 1000;

export interface UserEventsRead<T extends string = string> {
  /** Each with its `position`, in relay order, typed by its contract. */
  readonly events: readonly IntegrationEventOf<T>[];
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
 * What "after `since`" means. The relay publishes in relay order, (tx_id, id),
 * and only rows of finished transactions (see OutboxRelay), so a consumer
 * that saw position P live has seen every event of its user before P in
 * relay order, and none can appear there later. "After `since`" is therefore
 * "after the position of the row `since`" in relay order, read with the same
 * rule as the relay (finished transactions only), so a resume never runs
 * ahead of what the relay can still publish. A client that keeps the highest
 * seq it applied may get again events relayed after that one (seqs are ids,
 * allocated at insert, so two overlapping transactions can be relayed out of
 * id order): consumers deduplicate by position. A `since` that names no row
 * (0, or a row pruned since) falls back to the ids above it.
 */
const AFTER = `
  WITH since AS (
    SELECT COALESCE((SELECT tx_id FROM platform.outbox WHERE id = $2), 0) AS tx_id, $2::bigint AS id
  )
  SELECT o.id, o.event_id, o.type, o.payload, o.occurred_at
    FROM platform.outbox o, since
   WHERE o.payload ? 'userId' AND o.payload->>'userId' = $1 AND o.type = ANY($3::text[])
     AND (o.tx_id, o.id) > (since.tx_id, since.id)
     AND (since.tx_id > 0 OR o.id > since.id)
     AND o.tx_id < pg_snapshot_xmin(pg_current_snapshot())::text::bigint
   ORDER BY o.tx_id, o.id
   LIMIT $4`;

/**
 * Reads one user's integration events back from the outbox (the payload's
 * `userId`), for a stream client that reconnects and asks for what it
 * missed. Uses the index `outbox_user_relay_order_idx`. Reads rows of
 * finished transactions, whether the relay has published them yet or not.
 */
@Injectable()
export class OutboxUserEvents {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The user's events of `types` after position `since` (see above), in
   * relay order, at most `limit`.
   */
  async after<T extends string>(userId: string, since: bigint, types: readonly T[], limit = MAX_USER_EVENTS_PER_READ): Promise<UserEventsRead<T>> {
    if (types.length === 0) return { events: [], more: false };
    const capped = Math.max(1, Math.min(limit, MAX_USER_EVENTS_PER_READ));
    const sinceText = since.toString();
    const after = await this.dataSource.query<Row[]>(AFTER, [userId, sinceText, types, capped + 1]);
    const more = after.length > capped;
    return { events: after.slice(0, capped).map((row) => asEventOf<T>(toEvent(row))), more };
  }
}

function toEvent(row: Row): IntegrationEvent {
  return { eventId: row.event_id, type: row.type, occurredAt: row.occurred_at.toISOString(), payload: row.payload, position: String(row.id) };
}
