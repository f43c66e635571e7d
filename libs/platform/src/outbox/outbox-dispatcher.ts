import { LoggerService } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import { ClsService } from 'nestjs-cls';
import { IntegrationEvent, IntegrationEventPublished } from './integration-event';
import { OutboxSubscribers } from './outbox-subscribers';

/**
 * Hands relayed events to this instance: to the `subscribe` handlers and the
 * CQRS EventBus event by event, in order, and at the same time to the
 * `subscribeBatch` handlers with the whole list. The same for a batch the
 * relay read from the database and for one that arrived from another
 * instance over Redis. Each dispatch runs in a fresh CLS context (handlers
 * may open transactions, which must not join the caller's). Never rejects:
 * failures are logged.
 */
export class OutboxDispatcher {
  constructor(
    private readonly subscribers: OutboxSubscribers,
    private readonly cls: ClsService,
    private readonly eventBus: EventBus | undefined,
    private readonly logger: LoggerService,
  ) {}

  /**
   * Per-event and batch subscribers of `events`, concurrently; resolves when
   * both are done. `stopping` is checked before each event: once it is true
   * the per-event dispatch ends with the event in hand (the batch subscribers
   * still get the whole list). Returns how many events went event by event, a
   * prefix of `events`.
   */
  async dispatch(events: readonly IntegrationEvent[], stopping: () => boolean = () => false): Promise<number> {
    let dispatched = 0;
    const oneByOne = async (): Promise<void> => {
      for (; dispatched < events.length && !stopping(); dispatched++) await this.dispatchOne(events[dispatched]!);
    };
    await Promise.all([oneByOne(), this.dispatchBatch(events)]);
    return dispatched;
  }

  /** Subscribers and EventBus of this instance, in a fresh CLS context. Never rejects. */
  private async dispatchOne(event: IntegrationEvent): Promise<void> {
    try {
      await this.cls.run({ ifNested: 'override' }, async () => {
        try {
          this.eventBus?.publish(new IntegrationEventPublished(event));
        } catch (error) {
          this.logger.error(`EventBus refused ${event.type} ${event.eventId}: ${String(error)}`);
        }
        await this.subscribers.dispatch(event);
      });
    } catch (error) {
      this.logger.error(`dispatching ${event.type} ${event.eventId} failed: ${String(error)}`);
    }
  }

  /** The batch subscribers of this instance, in a fresh CLS context of their own. Never rejects. */
  private async dispatchBatch(events: readonly IntegrationEvent[]): Promise<void> {
    if (!this.subscribers.hasBatchSubscribers) return;
    try {
      await this.cls.run({ ifNested: 'override' }, () => this.subscribers.dispatchBatch(events));
    } catch (error) {
      this.logger.error(`dispatching a batch of ${events.length} event(s) failed: ${String(error)}`);
    }
  }
}
