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

  /**
   * `once` for many events in one statement: runs `fn` in a transaction (the
   * ambient one when active) together with the records that `consumer`
   * processed the events of `eventIds` not processed yet, and passes it those
   * (in the given order, each once, a repeated id keeping its first place).
   * Returns them; when every id was processed already, `fn` does not run and
   * the result is empty. If `fn` throws, every record rolls back with the
   * effect.
   *
   * The calls of one consumer run one at a time across the database (a
   * transaction-level advisory lock, taken first): instances that each feed
   * the same events in order, split into different batches, still apply every
   * event after the ones before it, and two batches never both see a row
   * absent and insert it (FOR UPDATE locks no missing row).
   */
  async onceEach(consumer: string, eventIds: readonly string[], fn: (fresh: string[]) => Promise<void>): Promise<string[]> {
    if (consumer.length === 0) throw new TypeError('ProcessedEvents.onceEach: the consumer name must not be empty');
    const bad = eventIds.find((id) => !isUuid(id));
    if (bad !== undefined) throw new TypeError(`ProcessedEvents.onceEach: event id ${JSON.stringify(bad)} is not a UUID`);
    // UUIDs compare as their lowercase text: sorting it is PostgreSQL's uuid order.
    const firsts = new Map<string, string>();
    for (const id of eventIds) if (!firsts.has(id.toLowerCase())) firsts.set(id.toLowerCase(), id);
    const distinct = [...firsts.values()];
    if (distinct.length === 0) return [];
    return this.txHost.withTransaction(async () => {
      // The two-int form: a key space apart from the 64-bit keys of the leases and the relay.
      await this.txHost.tx.query(`SELECT pg_advisory_xact_lock(hashtext('platform.processed_events'), hashtext($1))`, [consumer]);
      const inserted: { event_id: string }[] = await this.txHost.tx.query(
        `INSERT INTO platform.processed_events (consumer, event_id)
         SELECT $1, id FROM unnest($2::uuid[]) AS id ORDER BY id
         ON CONFLICT (consumer, event_id) DO NOTHING RETURNING event_id::text`,
        [consumer, distinct.map((id) => id.toLowerCase()).sort()],
      );
      if (inserted.length === 0) return [];
      const isNew = new Set(inserted.map((r) => r.event_id));
      const fresh = distinct.filter((id) => isNew.has(id.toLowerCase()));
      await fn(fresh);
      return fresh;
    });
  }
}
