import { IntegrationEvent, NewIntegrationEvent, OutboxWriter, TransactionHost } from '@lib/platform';

// Stand-ins for the two platform services the auth handlers use: the outbox writer and the
// transaction host (handlers reach only one method of each).

/** Keeps what a handler appends to the outbox. */
export class RecordingOutbox {
  readonly events: NewIntegrationEvent[] = [];

  async append(events: readonly NewIntegrationEvent[]): Promise<IntegrationEvent[]> {
    this.events.push(...events);
    return [];
  }

  /** Handlers call only append(events); the cast spares the fake the rest of OutboxWriter. */
  get writer(): OutboxWriter {
    return this as unknown as OutboxWriter;
  }
}

/** Runs the callback directly and records whether it would have committed or rolled back. */
export class FakeTransactions {
  readonly outcomes: ('committed' | 'rolled back')[] = [];

  async withTransaction<R>(fn: () => Promise<R>): Promise<R> {
    try {
      const result = await fn();
      this.outcomes.push('committed');
      return result;
    } catch (error) {
      this.outcomes.push('rolled back');
      throw error;
    }
  }

  /** Handlers call only withTransaction(fn); the cast spares the fake the rest of TransactionHost. */
  get host(): TransactionHost {
    return this as unknown as TransactionHost;
  }
}
