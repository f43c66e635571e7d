import type { IntegrationEvent, NewIntegrationEvent } from './integration-event';

/**
 * The contracts of the integration events, by outbox `type`. Empty here: each
 * context adds its own events by declaration merging, next to the code that
 * builds them, so producers and consumers share one type per event name and
 * the platform knows none of them:
 *
 *   declare module '@lib/platform' {
 *     interface IntegrationEventMap { 'orders.FillCreated': FillCreatedPayload }
 *   }
 *
 * A contract is plain JSON (see json-payload.ts) and carries a `version`;
 * an absent `version` is version 1, the shape the event had before it was
 * versioned. A context that changes a payload's shape writes the next version
 * and types the event as the union of the versions still in the outbox
 * (OUTBOX_RETENTION_HOURS), so its consumers must read them all. The list of
 * events, versions and fields is docs/events.md.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging
export interface IntegrationEventMap {}

/** The event types some context has declared. */
export type IntegrationEventType = keyof IntegrationEventMap & string;

/** The payload of events of `T`: its contract when a context declared it, any plain JSON object otherwise (`'*'`, tests). */
export type PayloadOf<T extends string> = T extends IntegrationEventType ? IntegrationEventMap[T] : Record<string, unknown>;

/**
 * An event of one of the types `T`, as a union discriminated by `type` (so a
 * switch on it narrows the payload); any event for `'*'` (every type).
 */
export type IntegrationEventOf<T extends string> = T extends '*' ? IntegrationEvent : T extends string ? IntegrationEvent<T> : never;

/** An event to append of one of the types `T`, discriminated by `type` like IntegrationEventOf. */
export type NewIntegrationEventOf<T extends string> = T extends string ? NewIntegrationEvent<T> : never;

/**
 * What OutboxWriter.append takes: TypeScript infers `T` (the types of the
 * events) from the first part, and the second checks each event's payload
 * against the contract of its own type.
 */
export type CheckedNewEvent<T extends string> = NewIntegrationEvent<T> & NewIntegrationEventOf<T>;

/**
 * The one place a relayed event is taken for its contract: the outbox row's
 * `type` names it, and the producer's payload was checked against that
 * contract when it was appended (OutboxWriter.append is typed the same way).
 * Rows written before a contract changed are covered by the contract being
 * the union of the versions still stored.
 */
export function asEventOf<T extends string>(event: IntegrationEvent): IntegrationEventOf<T> {
  return event as unknown as IntegrationEventOf<T>;
}

/** asEventOf for a list (a batch, a read of the outbox). */
export function asEventsOf<T extends string>(events: IntegrationEvent[]): IntegrationEventOf<T>[] {
  return events as unknown as IntegrationEventOf<T>[];
}
