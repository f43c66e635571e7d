import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { FILL_CREATED } from '@lib/orders';
import { IntegrationEvent, OutboxRelay } from '@lib/platform';
import { BALANCE_CHANGED } from '@lib/wallet';
import { ApplyFillsCommand } from '../application/commands/apply-fills/apply-fills.command';
import { RecordHoldersCommand } from '../application/commands/record-holders/record-holders.command';

/** A failed handler's event is not redelivered by the relay: retry a few times before giving up (logged). */
const ATTEMPTS = 4;
const BACKOFF_MS = 100;

/**
 * Feeds the portfolio from the outbox relay in batches (`subscribeBatch`:
 * every event of one relay batch at once, in relay order, awaited, at least
 * once): the `orders.FillCreated` of a batch into the cost basis in one
 * transaction (`ApplyFillsCommand`, deduplicated by ProcessedEvents in it),
 * the users of its `wallet.BalanceChanged` into the holders the snapshot job
 * values (one idempotent insert of the users this process has not recorded).
 *
 * A batch that still fails after the retries is applied again event by event
 * (the same commands with one event each, retried the same way), so one bad event is logged
 * and skipped without losing the good ones around it. Subscribed at module
 * init, before the relay starts.
 */
@Injectable()
export class PortfolioEventSubscriber implements OnModuleInit {
  private readonly logger = new Logger('PortfolioEvents');

  constructor(
    private readonly relay: OutboxRelay,
    private readonly commands: CommandBus,
  ) {}

  onModuleInit(): void {
    const fillsOf = (events: readonly IntegrationEvent<typeof FILL_CREATED>[]) => new ApplyFillsCommand(events.map((e) => ({ eventId: e.eventId, payload: e.payload })));
    this.relay.subscribeBatch(FILL_CREATED, (events) =>
      this.inBatch(
        events,
        () => this.commands.execute(fillsOf(events)),
        (event) => this.commands.execute(fillsOf([event])),
      ),
    );
    this.relay.subscribeBatch(BALANCE_CHANGED, (events) => {
      // The contract says every one names its user; a hand-written row might not (skipped rather than failing the batch).
      const holders = events.filter((e) => typeof e.payload.userId === 'string');
      if (holders.length === 0) return;
      const userOf = (event: IntegrationEvent<typeof BALANCE_CHANGED>): string => event.payload.userId;
      return this.inBatch(
        holders,
        () => this.commands.execute(new RecordHoldersCommand(holders.map(userOf))),
        (event) => this.commands.execute(new RecordHoldersCommand([userOf(event)])),
      );
    });
  }

  /** `all` with retries; when it keeps failing, `one` per event with retries, each failure logged and skipped. */
  private async inBatch<E extends IntegrationEvent>(events: readonly E[], all: () => Promise<unknown>, one: (event: E) => Promise<unknown>): Promise<void> {
    const first = events[0]!;
    const what = events.length === 1 ? `${first.type} ${first.eventId}` : `${events.length} × ${first.type} (${first.eventId} ..)`;
    try {
      await this.withRetries(what, all);
      return;
    } catch (error) {
      if (events.length === 1) throw error;
      this.logger.warn(`${what} failed ${ATTEMPTS} times (${messageOf(error)}): applying them one by one`);
    }
    for (const event of events) {
      try {
        await this.withRetries(`${event.type} ${event.eventId}`, () => one(event));
      } catch (error) {
        const reason = error instanceof Error ? error : new Error(String(error));
        this.logger.error(`${event.type} ${event.eventId} skipped after ${ATTEMPTS} attempts: ${reason.message}`, reason.stack);
      }
    }
  }

  private async withRetries(what: string, work: () => Promise<unknown>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await work();
        return;
      } catch (error) {
        if (attempt >= ATTEMPTS) throw error;
        this.logger.warn(`${what} failed (attempt ${attempt}): ${messageOf(error)}`);
        await new Promise((resolve) => setTimeout(resolve, BACKOFF_MS * attempt));
      }
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
