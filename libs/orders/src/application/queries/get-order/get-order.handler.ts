import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { OrdersError, OrdersErrorCode } from '../../../domain';
import { toFillView, toOrderView } from '../../order-view';
import { MarketSpecs, OrderRepository } from '../../ports';
import { PlacedOrderView } from '../../views';
import { GetOrderQuery } from './get-order.query';

@QueryHandler(GetOrderQuery)
export class GetOrderHandler implements IQueryHandler<GetOrderQuery> {
  constructor(
    private readonly orders: OrderRepository,
    private readonly specs: MarketSpecs,
  ) {}

  async execute(query: GetOrderQuery): Promise<PlacedOrderView> {
    const order = await this.orders.findForUser(query.userId, query.orderId);
    if (!order) throw new OrdersError(OrdersErrorCode.ORDER_NOT_FOUND, 'Order not found');
    const spec = await this.specs.get(order.symbol);
    const trades = await this.orders.trades({ orderId: order.id, limit: 1000 });
    return { ...toOrderView(spec, order), fills: trades.reverse().map((t) => toFillView(spec, t, query.userId)) };
  }
}
