import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { OrdersError, OrdersErrorCode } from '../../../domain';
import { MarketTurns } from '../../market-turns';
import { OpenOrderCanceler } from '../../open-order-canceler';
import { MarketSpecs, OrderRepository } from '../../ports';
import { OrderView } from '../../views';
import { CancelOrderCommand } from './cancel-order.command';

@CommandHandler(CancelOrderCommand)
export class CancelOrderHandler implements ICommandHandler<CancelOrderCommand> {
  constructor(
    private readonly orders: OrderRepository,
    private readonly specs: MarketSpecs,
    private readonly turns: MarketTurns,
    private readonly canceler: OpenOrderCanceler,
  ) {}

  async execute(command: CancelOrderCommand): Promise<OrderView> {
    const found = await this.orders.findForUser(command.userId, command.orderId);
    if (!found) throw new OrdersError(OrdersErrorCode.ORDER_NOT_FOUND, 'Order not found');
    const spec = await this.specs.get(found.symbol);
    return this.turns.run(found.symbol, async (turn) => {
      // As the market is now: a fill or a cancel may have landed since the read above.
      const order = turn.openOrder(found.id);
      if (!order) {
        const status = turn.touchedOrder(found.id)?.state.status ?? (await this.orders.findByIds([found.id]))[0]!.status;
        throw new OrdersError(OrdersErrorCode.ORDER_NOT_OPEN, `The order is ${status}`, { status });
      }
      const [view] = this.canceler.cancel(spec, turn, [order]);
      return () => view!;
    });
  }
}
