import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { isUuid } from '@lib/kernel';

/**
 * Idempotent consumers: delivery is at least once, so a consumer records the
 * events it applied in the same transaction as their effect.
 */
@Injectable()
export class ProcessedEvents {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  /**
   * Runs `fn` in a transaction (the ambient one when active) together with the
   * record that `consumer` processed `eventId`. Returns false, without running
   * `fn`, when it was processed already. A concurrent duplicate waits on the
   * record's row lock and then sees it; if `fn` throws, the record rolls back
   * with the effect and a redelivery runs `fn` again.
   */
  async once(consumer: string, eventId: string, fn: () => Promise<void>): Promise<boolean> {
    if (consumer.length === 0) throw new TypeError('ProcessedEvents.once: the consumer name must not be empty');
    if (!isUuid(eventId)) throw new TypeError(`ProcessedEvents.once: event id ${JSON.stringify(eventId)} is not a UUID`);
    return this.txHost.withTransaction(async () => {
      const inserted: unknown[] = await this.txHost.tx.query(
        `INSERT INTO platform.processed_events (consumer, event_id) VALUES ($1, $2)
         ON CONFLICT (consumer, event_id) DO NOTHING RETURNING 1`,
        [consumer, eventId],
      );
      if (inserted.length === 0) return false;
      await fn();
      return true;
    });
  }
}
