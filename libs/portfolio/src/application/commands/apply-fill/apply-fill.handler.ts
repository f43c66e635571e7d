import { Logger } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@lib/kernel';
import { ProcessedEvents } from '@lib/platform';
import { applyFill } from '../../../domain';
import { fillOfView } from '../../fill-of-view';
import { PriceBooks } from '../../price-book';
import { CostBasisRepository, CostBasisRow } from '../../ports';
import { ApplyFillCommand } from './apply-fill.command';

/** The ProcessedEvents consumer name. */
export const COST_BASIS_CONSUMER = 'portfolio.cost-basis';

@CommandHandler(ApplyFillCommand)
export class ApplyFillHandler implements ICommandHandler<ApplyFillCommand> {
  private readonly logger = new Logger('PortfolioCostBasis');

  constructor(
    private readonly processed: ProcessedEvents,
    private readonly costs: CostBasisRepository,
    private readonly books: PriceBooks,
    private readonly clock: Clock,
  ) {}

  async execute(command: ApplyFillCommand): Promise<boolean> {
    const { userId, fill: view } = command.payload;
    // Marks of the moment the fill is seen: they price untracked coins and non-cash quote legs.
    const book = await this.books.load();
    const fill = fillOfView(view, book);
    if (!fill) {
      this.logger.warn(`fill ${view.tradeId} of unknown market ${view.symbol} ignored`);
      return false;
    }
    return this.processed.once(COST_BASIS_CONSUMER, command.eventId, async () => {
      const assets = [fill.base.asset, fill.quote.asset];
      const current = await this.costs.lock(userId, assets);
      const next = applyFill(fill, current, (asset) => book.priceOf(asset)?.price);
      const rows: CostBasisRow[] = [...next].map(([asset, basis]) => ({
        asset,
        ...basis,
        fills: (current.get(asset)?.fills ?? 0) + (asset === fill.base.asset ? 1 : 0),
      }));
      await this.costs.save(userId, rows, this.clock.now());
    });
  }
}
