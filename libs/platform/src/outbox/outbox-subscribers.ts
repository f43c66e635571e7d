import { Injectable, Logger } from '@nestjs/common';
import { asEventOf, asEventsOf } from './event-map';
import { IntegrationEvent, IntegrationEventBatchHandler, IntegrationEventHandler } from './integration-event';

/** Subscribe to one event type, or to every type with `'*'`. */
export type EventTypeFilter = string;

export const ALL_EVENTS = '*';

interface BatchSubscription {
  readonly type: EventTypeFilter;
  readonly handler: IntegrationEventBatchHandler;
}

/**
 * The in-process subscribers of relayed events.
 *
 * - Per event (`subscribe`): `dispatch` runs every handler of the event
 *   (exact type and `'*'`) concurrently and waits for all of them. Since the
 *   relay awaits `dispatch` event by event, one handler sees the events in
 *   relay order, one at a time.
 * - In batches (`subscribeBatch`): `dispatchBatch` gives every batch handler
 *   the events of its type among a relay batch at once (in relay order, never
 *   an empty list) and waits for all of them. One handler sees one batch at a
 *   time.
 *
 * A failing handler is logged and never stops the others or the relay.
 */
@Injectable()
export class OutboxSubscribers {
  private readonly logger = new Logger('OutboxSubscribers');
  private readonly byType = new Map<string, Set<IntegrationEventHandler>>();
  private readonly batches = new Set<BatchSubscription>();

  /** Returns the unsubscribe function. The handler gets the events of `type` typed by its contract. */
  subscribe<T extends EventTypeFilter>(type: T, handler: IntegrationEventHandler<T>): () => void {
    checkType(type);
    let handlers = this.byType.get(type);
    if (!handlers) {
      handlers = new Set();
      this.byType.set(type, handlers);
    }
    // A wrapper per subscription: the same function subscribed twice is called twice, and unsubscribes once each.
    const entry: IntegrationEventHandler = (event) => handler(asEventOf<T>(event));
    handlers.add(entry);
    return () => {
      handlers.delete(entry);
      if (handlers.size === 0 && this.byType.get(type) === handlers) this.byType.delete(type);
    };
  }

  /** Returns the unsubscribe function. The handler gets the events of `type` typed by its contract. */
  subscribeBatch<T extends EventTypeFilter>(type: T, handler: IntegrationEventBatchHandler<T>): () => void {
    checkType(type);
    // An object per subscription, as above.
    const entry: BatchSubscription = { type, handler: (events) => handler(asEventsOf<T>(events)) };
    this.batches.add(entry);
    return () => void this.batches.delete(entry);
  }

  /** Subscriptions, per event and in batches. */
  get size(): number {
    let count = this.batches.size;
    for (const handlers of this.byType.values()) count += handlers.size;
    return count;
  }

  /** True when some batch subscription exists (the relay skips the batch dispatch otherwise). */
  get hasBatchSubscribers(): boolean {
    return this.batches.size > 0;
  }

  /** Resolves when every handler has finished; never rejects. Returns how many handlers failed. */
  async dispatch(event: IntegrationEvent): Promise<number> {
    const handlers = [...(this.byType.get(event.type) ?? []), ...(this.byType.get(ALL_EVENTS) ?? [])];
    if (handlers.length === 0) return 0;
    const results = await Promise.allSettled(handlers.map(async (handler) => handler(event)));
    let failed = 0;
    for (const result of results) {
      if (result.status === 'fulfilled') continue;
      failed += 1;
      this.logFailure(`a subscriber of ${event.type} failed on event ${event.eventId}`, result.reason);
    }
    return failed;
  }

  /**
   * Runs every batch handler on its events among `events` (kept in the given
   * order; a handler none of them is for is not called). Resolves when every
   * handler has finished; never rejects. Returns how many handlers failed.
   */
  async dispatchBatch(events: readonly IntegrationEvent[]): Promise<number> {
    if (events.length === 0 || this.batches.size === 0) return 0;
    const calls: { type: string; events: IntegrationEvent[]; run: Promise<void> }[] = [];
    for (const { type, handler } of this.batches) {
      const mine = type === ALL_EVENTS ? [...events] : events.filter((e) => e.type === type);
      if (mine.length === 0) continue;
      calls.push({ type, events: mine, run: (async () => handler(mine))() });
    }
    const results = await Promise.allSettled(calls.map((c) => c.run));
    let failed = 0;
    results.forEach((result, i) => {
      if (result.status === 'fulfilled') return;
      failed += 1;
      const { type, events: mine } = calls[i]!;
      const range = mine.length === 1 ? `event ${mine[0]!.eventId}` : `${mine.length} events (${mine[0]!.eventId} .. ${mine[mine.length - 1]!.eventId})`;
      this.logFailure(`a batch subscriber of ${type} failed on ${range}`, result.reason);
    });
    return failed;
  }

  private logFailure(what: string, cause: unknown): void {
    const reason = cause instanceof Error ? cause : new Error(String(cause));
    this.logger.error(`${what}: ${reason.message}`, reason.stack);
  }
}

function checkType(type: EventTypeFilter): void {
  if (type.length === 0) throw new TypeError('subscribe: the event type must not be empty (use "*" for every type)');
}
