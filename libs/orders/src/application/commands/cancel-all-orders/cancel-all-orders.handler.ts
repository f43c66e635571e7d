import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { MarketTurns } from '../../market-turns';
import { OpenOrderCanceler } from '../../open-order-canceler';
import { MarketSpecs, OrderRepository } from '../../ports';
import { CancelAllResult, OrderView } from '../../views';
import { CancelAllOrdersCommand } from './cancel-all-orders.command';

@CommandHandler(CancelAllOrdersCommand)
export class CancelAllOrdersHandler implements ICommandHandler<CancelAllOrdersCommand> {
  constructor(
    private readonly orders: OrderRepository,
    private readonly specs: MarketSpecs,
    private readonly turns: MarketTurns,
    private readonly canceler: OpenOrderCanceler,
  ) {}

  async execute(command: CancelAllOrdersCommand): Promise<CancelAllResult> {
    if (command.symbol !== undefined) await this.specs.get(command.symbol);
    const open = await this.orders.openIdsOfUser(command.userId, command.symbol);
    const symbols = [...new Set(open.map((o) => o.symbol))];
    const canceled: OrderView[] = [];
    for (const symbol of symbols) {
      const spec = await this.specs.get(symbol);
      const views = await this.turns.run(symbol, async (turn) => {
        // As the market is now: only what is still open (and what opened since the read above).
        const canceled = this.canceler.cancel(spec, turn, turn.openOrdersOf(command.userId), command.reason);
        return () => canceled;
      });
      canceled.push(...views);
    }
    return { canceled };
  }
}
