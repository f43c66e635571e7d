import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Clock, isUuid, newId } from '@lib/kernel';
import type { CheckedNewEvent } from './event-map';
import { IntegrationEvent } from './integration-event';
import { toJsonPayload } from './json-payload';
import { OutboxCommitSignal } from './outbox-commit-signal';

/** `context.EventName`-like: letters first; letters, digits, `_ . : -` after; at most 200 characters. */
const EVENT_TYPE = /^[A-Za-z][A-Za-z0-9_.:-]{0,199}$/;

/**
 * Appends integration events to the outbox in the ambient transaction, so the
 * events commit (or roll back) with the state change that caused them. All
 * rows go in one INSERT: one round trip whatever the number of events.
 */
@Injectable()
export class OutboxWriter {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly clock: Clock,
    private readonly commits: OutboxCommitSignal,
  ) {}

  /**
   * Throws when no transaction is active: an event written outside the
   * transaction of its state change could be published for a change that
   * rolled back, or be lost for one that committed.
   */
  async append<T extends string>(events: readonly CheckedNewEvent<T>[]): Promise<IntegrationEvent[]> {
    if (!this.txHost.isTransactionActive()) {
      throw new Error('OutboxWriter.append must run inside a transaction (@Transactional or TransactionHost.withTransaction)');
    }
    const envelopes = toEnvelopes(events, this.clock.now());
    if (envelopes.length === 0) return [];
    const manager = this.txHost.tx;
    // WITH ORDINALITY + ORDER BY: ids are taken in the order of the array.
    await manager.query(
      `INSERT INTO platform.outbox (event_id, type, payload, occurred_at)
       SELECT e.event_id, e.type, e.payload::jsonb, e.occurred_at
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[])
              WITH ORDINALITY AS e(event_id, type, payload, occurred_at, n)
        ORDER BY e.n`,
      [
        envelopes.map((e) => e.eventId),
        envelopes.map((e) => e.type),
        envelopes.map((e) => JSON.stringify(e.payload)),
        envelopes.map((e) => e.occurredAt),
      ],
    );
    this.commits.notifyAfterCommit(manager);
    return envelopes;
  }
}

/** Validates and completes the events (pure): ids, times, JSON payloads. */
export function toEnvelopes<T extends string>(events: readonly CheckedNewEvent<T>[], now: Date): IntegrationEvent[] {
  const seen = new Set<string>();
  return events.map((event, index) => {
    if (typeof event.type !== 'string' || !EVENT_TYPE.test(event.type)) {
      throw new TypeError(`events[${index}].type ${JSON.stringify(event.type)} is not a valid event type`);
    }
    const eventId = event.eventId ?? newId();
    if (!isUuid(eventId)) throw new TypeError(`events[${index}].eventId ${JSON.stringify(eventId)} is not a UUID`);
    const key = eventId.toLowerCase();
    if (seen.has(key)) throw new TypeError(`events[${index}].eventId ${eventId} appears twice`);
    seen.add(key);
    const occurredAt = event.occurredAt ?? now;
    if (!(occurredAt instanceof Date) || Number.isNaN(occurredAt.getTime())) {
      throw new TypeError(`events[${index}].occurredAt is not a valid Date`);
    }
    let payload: Record<string, unknown>;
    try {
      payload = toJsonPayload(event.payload);
    } catch (error) {
      throw new TypeError(`events[${index}] (${event.type}): ${(error as Error).message}`);
    }
    return { eventId: key, type: event.type, occurredAt: occurredAt.toISOString(), payload };
  });
}
