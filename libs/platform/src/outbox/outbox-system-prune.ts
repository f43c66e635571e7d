import { SYSTEM_ACCOUNT_ID_PREFIX } from '@lib/kernel';

/*
 * System events: published outbox rows that no user will ever ask for again
 * (the /user `resume` reads a user's own events by `payload.userId`). They
 * are the events of system accounts (the liquidity bots: their ids share a
 * reserved prefix) and events that name no user (book changes, public
 * trades, catalog changes). An idle install writes almost nothing else, and
 * keeping them for OUTBOX_RETENTION_HOURS (7 days) was most of its disk. They
 * are deleted after OUTBOX_SYSTEM_RETENTION_MINUTES; a user's events keep the
 * full retention.
 *
 * The predicate is spelled exactly as in the partial index of migration
 * 1763730417000 (a literal, never a parameter), so the planner can use it.
 */
export const SYSTEM_EVENT_PREDICATE = `(NOT (payload ? 'userId') OR starts_with(payload->>'userId', '${SYSTEM_ACCOUNT_ID_PREFIX}'))`;

/** True when an event's payload is a system event in the sense of SYSTEM_EVENT_PREDICATE (the same rule in code, for tests and callers). */
export function isSystemEventPayload(payload: Readonly<Record<string, unknown>>): boolean {
  const userId = payload['userId'];
  return userId === undefined || (typeof userId === 'string' && userId.startsWith(SYSTEM_ACCOUNT_ID_PREFIX));
}

/*
 * One chunk: the oldest $1 published system events (at or before the relay
 * cursor, so nothing unpublished is ever deleted) recorded more than $2
 * minutes ago, and the consumers' dedup records of exactly those events (no
 * deleted event can be delivered again). The consumers are found with a loose
 * index scan of the primary key (a handful of names), so the records are
 * deleted by primary key, never by a scan. Answers the two counts.
 */
export const PRUNE_SYSTEM_CHUNK = `
  WITH RECURSIVE consumers AS (
         (SELECT consumer FROM platform.processed_events ORDER BY consumer LIMIT 1)
         UNION ALL
         SELECT (SELECT p.consumer FROM platform.processed_events p WHERE p.consumer > c.consumer ORDER BY p.consumer LIMIT 1)
           FROM consumers c WHERE c.consumer IS NOT NULL),
       gone AS (
         DELETE FROM platform.outbox
          WHERE id IN (SELECT o.id
                         FROM platform.outbox_relay_cursor c
                        CROSS JOIN LATERAL (
                              SELECT id FROM platform.outbox o
                               WHERE ${SYSTEM_EVENT_PREDICATE.replace(/payload/g, 'o.payload')}
                                 AND (o.tx_id, o.id) <= (c.tx_id, c.id)
                                 AND o.recorded_at < now() - make_interval(mins => $2)
                               ORDER BY o.tx_id, o.id
                               LIMIT $1) o
                        WHERE c.name = 'relay')
          RETURNING event_id),
       records AS (
         DELETE FROM platform.processed_events p
          WHERE (p.consumer, p.event_id) IN (SELECT c.consumer, g.event_id FROM consumers c CROSS JOIN gone g WHERE c.consumer IS NOT NULL)
          RETURNING 1)
  SELECT (SELECT count(*) FROM gone)::int AS events, (SELECT count(*) FROM records)::int AS records`;
