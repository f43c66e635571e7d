import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { FILL_CREATED, FillCreatedPayload } from '@lib/orders';
import { IntegrationEvent, OutboxRelay } from '@lib/platform';
import { BALANCE_CHANGED } from '@lib/wallet';
import { ApplyFillCommand } from '../application/commands/apply-fill/apply-fill.command';
import { RecordHolderCommand } from '../application/commands/record-holder/record-holder.command';

/** A failed handler's event is not redelivered by the relay: retry a few times before giving up (logged). */
const ATTEMPTS = 4;
const BACKOFF_MS = 100;

/**
 * Feeds the portfolio from the outbox relay (awaited, in relay order, at
 * least once): `orders.FillCreated` into the cost basis (deduplicated by
 * ProcessedEvents in the same transaction), `wallet.BalanceChanged` into the
 * holders the snapshot job values (an idempotent insert). Subscribed at
 * module init, before the relay starts.
 */
@Injectable()
export class PortfolioEventSubscriber implements OnModuleInit {
  private readonly logger = new Logger('PortfolioEvents');

  constructor(
    private readonly relay: OutboxRelay,
    private readonly commands: CommandBus,
  ) {}

  onModuleInit(): void {
    this.relay.subscribe(FILL_CREATED, (event) => this.withRetries(event, () => this.commands.execute(new ApplyFillCommand(event.eventId, event.payload as FillCreatedPayload))));
    this.relay.subscribe(BALANCE_CHANGED, (event) => {
      const userId = event.payload['userId'];
      if (typeof userId !== 'string') return;
      return this.withRetries(event, () => this.commands.execute(new RecordHolderCommand(userId)));
    });
  }

  private async withRetries(event: IntegrationEvent, work: () => Promise<unknown>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await work();
        return;
      } catch (error) {
        if (attempt >= ATTEMPTS) throw error;
        this.logger.warn(`${event.type} ${event.eventId} failed (attempt ${attempt}): ${error instanceof Error ? error.message : String(error)}`);
        await new Promise((resolve) => setTimeout(resolve, BACKOFF_MS * attempt));
      }
    }
  }
}
