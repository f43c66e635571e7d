import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Order, OrdersError, OrdersErrorCode } from '../../../domain';
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
      // Read again in the turn: a fill or a cancel may have landed since.
      const [current] = await this.orders.findByIds([found.id]);
      const order = new Order(current!);
      if (!order.isOpen) throw new OrdersError(OrdersErrorCode.ORDER_NOT_OPEN, `The order is ${order.state.status}`, { status: order.state.status });
      const [view] = await this.canceler.cancel(spec, turn, [order]);
      return view!;
    });
  }
}
