import { Injectable, Logger } from '@nestjs/common';
import { IntegrationEvent, IntegrationEventHandler } from './integration-event';

/** Subscribe to one event type, or to every type with `'*'`. */
export type EventTypeFilter = string;

export const ALL_EVENTS = '*';

/**
 * The in-process subscribers of relayed events. `dispatch` runs every handler
 * of the event (exact type and `'*'`) concurrently and waits for all of them;
 * a failing handler is logged and never stops the others or the relay. Since
 * the relay awaits `dispatch` event by event, one handler sees the events in
 * relay order, one at a time.
 */
@Injectable()
export class OutboxSubscribers {
  private readonly logger = new Logger('OutboxSubscribers');
  private readonly byType = new Map<string, Set<IntegrationEventHandler>>();

  /** Returns the unsubscribe function. */
  subscribe(type: EventTypeFilter, handler: IntegrationEventHandler): () => void {
    if (type.length === 0) throw new TypeError('subscribe: the event type must not be empty (use "*" for every type)');
    let handlers = this.byType.get(type);
    if (!handlers) {
      handlers = new Set();
      this.byType.set(type, handlers);
    }
    // A wrapper per subscription: the same function subscribed twice is called twice, and unsubscribes once each.
    const entry: IntegrationEventHandler = (event) => handler(event);
    handlers.add(entry);
    return () => {
      handlers.delete(entry);
      if (handlers.size === 0 && this.byType.get(type) === handlers) this.byType.delete(type);
    };
  }

  get size(): number {
    let count = 0;
    for (const handlers of this.byType.values()) count += handlers.size;
    return count;
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
      const reason = result.reason instanceof Error ? result.reason : new Error(String(result.reason));
      this.logger.error(`a subscriber of ${event.type} failed on event ${event.eventId}: ${reason.message}`, reason.stack);
    }
    return failed;
  }
}
