import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AppConfig } from '@lib/platform';
import { PortfolioValuer } from '../../portfolio-valuer';
import { PriceBooks } from '../../price-book';
import { EquitySnapshot, EquitySnapshotRepository, HolderRepository } from '../../ports';
import { TakeSnapshotsCommand } from './take-snapshots.command';

const PAGE = 200;
const DAY_MS = 86_400_000;

@CommandHandler(TakeSnapshotsCommand)
export class TakeSnapshotsHandler implements ICommandHandler<TakeSnapshotsCommand> {
  constructor(
    private readonly holders: HolderRepository,
    private readonly snapshots: EquitySnapshotRepository,
    private readonly valuer: PortfolioValuer,
    private readonly books: PriceBooks,
    private readonly config: AppConfig,
  ) {}

  async execute(command: TakeSnapshotsCommand): Promise<number> {
    // One set of marks for the whole run: every user's point is valued at the same prices.
    const book = await this.books.load();
    let recorded = 0;
    let after: string | undefined;
    for (;;) {
      const users = await this.holders.page(after, PAGE);
      if (users.length === 0) break;
      const batch: EquitySnapshot[] = [];
      for (const userId of users) {
        const v = await this.valuer.value(userId, book);
        if (v.view.holdings.length === 0) continue;
        batch.push({ userId, at: command.at, equity: v.equity, cost: v.cost, realizedPnl: v.realizedPnl });
      }
      await this.snapshots.insert(batch);
      recorded += batch.length;
      after = users[users.length - 1];
      if (users.length < PAGE) break;
    }
    await this.snapshots.prune(new Date(command.at.getTime() - this.config.portfolio.snapshotRetentionDays * DAY_MS));
    return recorded;
  }
}
