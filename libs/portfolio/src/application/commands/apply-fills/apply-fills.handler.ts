import { Logger } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@lib/kernel';
import { fillCreatedV2 } from '@lib/orders';
import { ProcessedEvents } from '@lib/platform';
import { Fill, applyFill } from '../../../domain';
import { fillOfEvent } from '../../fill-of-event';
import { PriceBooks } from '../../price-book';
import { CostBasisKey, CostBasisRepository, CostBasisRow, UserCostBasisRow } from '../../ports';
import { ApplyFillsCommand } from './apply-fills.command';

interface KnownFill {
  readonly eventId: string;
  /** Lowercase, as PostgreSQL returns a uuid. */
  readonly userId: string;
  readonly fill: Fill;
}

const keyOf = (userId: string, asset: string): string => `${userId} ${asset}`;

/**
 * The cost basis from relayed fills (one or many): one transaction of four statements
 * however many fills: the consumer's advisory lock and the ProcessedEvents
 * records of every event id (`onceEach`), one sorted lock of the rows of
 * every (user, asset) the fresh fills touch, the domain `applyFill` of each
 * fill in order in memory (a user's second fill sees the first's result),
 * one upsert of every changed row.
 */
/** The ProcessedEvents consumer name. */
export const COST_BASIS_CONSUMER = 'portfolio.cost-basis';

@CommandHandler(ApplyFillsCommand)
export class ApplyFillsHandler implements ICommandHandler<ApplyFillsCommand> {
  private readonly logger = new Logger('PortfolioCostBasis');

  constructor(
    private readonly processed: ProcessedEvents,
    private readonly costs: CostBasisRepository,
    private readonly books: PriceBooks,
    private readonly clock: Clock,
  ) {}

  async execute(command: ApplyFillsCommand): Promise<number> {
    if (command.fills.length === 0) return 0;
    // Marks of the moment the batch is seen: they price untracked coins and non-cash quote legs.
    const book = await this.books.load();
    const known: KnownFill[] = [];
    for (const { eventId, payload } of command.fills) {
      const event = fillCreatedV2(payload);
      const fill = fillOfEvent(event, book);
      if (fill === null) continue;
      if (fill) known.push({ eventId, userId: event.userId.toLowerCase(), fill });
      else this.logger.warn(`fill ${event.tradeId} of unknown market ${event.symbol} ignored`);
    }
    if (known.length === 0) return 0;
    const priceOf = (asset: string) => book.priceOf(asset)?.price;

    const applied = await this.processed.onceEach(
      COST_BASIS_CONSUMER,
      known.map((k) => k.eventId),
      async (fresh) => {
        // Each fresh id once, at its first place.
        const pending = new Set(fresh);
        const todo = known.filter((k) => pending.delete(k.eventId));

        const keys = new Map<string, CostBasisKey>();
        for (const { userId, fill } of todo) {
          for (const asset of [fill.base.asset, fill.quote.asset]) keys.set(keyOf(userId, asset), { userId, asset });
        }
        const state = new Map<string, UserCostBasisRow>();
        for (const row of await this.costs.lockMany([...keys.values()])) state.set(keyOf(row.userId, row.asset), row);

        const changed = new Map<string, UserCostBasisRow>();
        for (const { userId, fill } of todo) {
          const current = new Map<string, CostBasisRow>();
          for (const asset of [fill.base.asset, fill.quote.asset]) {
            const row = state.get(keyOf(userId, asset));
            if (row) current.set(asset, row);
          }
          for (const [asset, basis] of applyFill(fill, current, priceOf)) {
            const row: UserCostBasisRow = {
              userId,
              asset,
              ...basis,
              fills: (current.get(asset)?.fills ?? 0) + (asset === fill.base.asset ? 1 : 0),
            };
            state.set(keyOf(userId, asset), row);
            changed.set(keyOf(userId, asset), row);
          }
        }
        await this.costs.saveMany([...changed.values()], this.clock.now());
      },
    );
    return applied.length;
  }
}
