import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { decideCancelAll } from '../../deciders';
import { MarketSpecs, OrderRepository } from '../../ports';
import { MarketTurns, answerOf } from '../../turns';
import { CancelAllResult, OrderView } from '../../views';
import { CancelAllOrdersCommand } from './cancel-all-orders.command';

/** Cancels the user's open orders, market by market, each in its market's turn (decideCancelAll). */
@CommandHandler(CancelAllOrdersCommand)
export class CancelAllOrdersHandler implements ICommandHandler<CancelAllOrdersCommand> {
  constructor(
    private readonly orders: OrderRepository,
    private readonly specs: MarketSpecs,
    private readonly turns: MarketTurns,
  ) {}

  async execute(command: CancelAllOrdersCommand): Promise<CancelAllResult> {
    if (command.symbol !== undefined) await this.specs.get(command.symbol);
    const open = await this.orders.openIdsOfUser(command.userId, command.symbol);
    const canceled: OrderView[] = [];
    for (const symbol of [...new Set(open.map((o) => o.symbol))]) {
      const spec = await this.specs.get(symbol);
      // As the market is now: only what is still open (and what opened since the read above).
      const decided = await this.turns.run({ spec, needs: {}, decide: (market, facts) => decideCancelAll(spec, command.userId, command.reason, market, facts) });
      canceled.push(...answerOf(decided));
    }
    return { canceled };
  }
}
