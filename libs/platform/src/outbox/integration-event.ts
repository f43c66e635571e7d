import type { IntegrationEventOf, PayloadOf } from './event-map';

/**
 * What a context tells the others: "this happened". Written to the outbox in
 * the transaction of the state change, published after commit, at least once.
 * The payload is plain JSON, typed by its contract (IntegrationEventMap, per
 * `type`): money and quantities are integer strings in smallest units with
 * their scales, or exact decimal strings, never numbers; times are ISO strings.
 */
export interface IntegrationEvent<T extends string = string> {
  /** UUID, unique per event: consumers deduplicate on it (ProcessedEvents). */
  readonly eventId: string;
  /** e.g. `wallet.BalanceChanged`. */
  readonly type: T;
  /** ISO-8601 instant of the state change. */
  readonly occurredAt: string;
  readonly payload: PayloadOf<T>;
  /**
   * The outbox row id (a bigint as a decimal string), set on every relayed
   * event (absent on events built elsewhere, e.g. in tests). It grows with
   * allocation, not commit, order: see the relay's note on ordering. The
   * /user stream uses it as its per-user `seq`.
   */
  readonly position?: string;
}

/** An event to append; the id and the time are generated when absent. */
export interface NewIntegrationEvent<T extends string = string> {
  readonly type: T;
  readonly payload: PayloadOf<T>;
  readonly eventId?: string;
  readonly occurredAt?: Date;
}

/** A subscriber of relayed events; it must be idempotent (delivery is at least once). */
export type IntegrationEventHandler<T extends string = string> = (event: IntegrationEventOf<T>) => Promise<void> | void;

/**
 * A subscriber of relayed events in batches: the events of its type of one
 * relay batch (never empty), in relay order. It must be idempotent too.
 */
export type IntegrationEventBatchHandler<T extends string = string> = (events: IntegrationEventOf<T>[]) => Promise<void> | void;

/**
 * Published on the Nest CQRS EventBus for every relayed event, so
 * `@EventsHandler(IntegrationEventPublished)` works. The EventBus runs its
 * handlers fire-and-forget: anything with money effects subscribes through
 * `OutboxRelay.subscribe` or `OutboxRelay.subscribeBatch` (awaited, in order) and
 * deduplicates with ProcessedEvents.
 */
export class IntegrationEventPublished {
  constructor(readonly event: IntegrationEvent) {}
}
