import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { OrdersError, OrdersErrorCode } from '../../../domain';
import { decideCancel } from '../../deciders';
import { MarketSpecs, OrderRepository } from '../../ports';
import { MarketTurns, answerOf } from '../../turns';
import { OrderView } from '../../views';
import { notOpenError } from '../not-open-error';
import { CancelOrderCommand } from './cancel-order.command';

/** Cancels an open order in its market's turn (decideCancel): as the market is then, a fill may have landed since the read. */
@CommandHandler(CancelOrderCommand)
export class CancelOrderHandler implements ICommandHandler<CancelOrderCommand> {
  constructor(
    private readonly orders: OrderRepository,
    private readonly specs: MarketSpecs,
    private readonly turns: MarketTurns,
  ) {}

  async execute(command: CancelOrderCommand): Promise<OrderView> {
    const found = await this.orders.findForUser(command.userId, command.orderId);
    if (!found) throw new OrdersError(OrdersErrorCode.ORDER_NOT_FOUND, 'Order not found');
    const spec = await this.specs.get(found.symbol);
    const answer = answerOf(await this.turns.run({ spec, needs: {}, decide: (market, facts) => decideCancel(spec, found.id, market, facts) }));
    if (answer.kind === 'not-open') throw await notOpenError(this.orders, found.id, answer.status);
    return answer.order;
  }
}
