import { Command, CommandHandler, ICommandHandler, IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { OrdersError, OrdersErrorCode } from '../../domain';
import { decideCancelList } from '../deciders';
import { toOrderView } from '../order-view';
import { MarketSpecs } from '../ports';
import { OrderListRepository } from '../ports/order-list.repository.port';
import { MarketTurns, answerOf } from '../turns';
import { ListCloser } from './list-closer';
import { OrderListView } from './order-list';
import { listView } from './order-list-view';

/** GET /order-lists/:id: the user's own list with its orders. */
export class GetOrderListQuery extends Query<OrderListView> {
  constructor(
    readonly userId: string,
    readonly listId: string,
  ) {
    super();
  }
}

/** DELETE /order-lists/:id: every live order of the list cancelled, nothing more placed. */
export class CancelOrderListCommand extends Command<OrderListView> {
  constructor(
    readonly userId: string,
    readonly listId: string,
  ) {
    super();
  }
}

async function viewOf(lists: OrderListRepository, specs: MarketSpecs, userId: string, listId: string): Promise<OrderListView> {
  const found = await lists.find(userId, listId);
  if (!found) throw new OrdersError(OrdersErrorCode.ORDER_LIST_NOT_FOUND, `No order list ${listId}`);
  const spec = await specs.get(found.list.symbol);
  return listView(found.list, found.orders.map((o) => toOrderView(spec, o)));
}

@QueryHandler(GetOrderListQuery)
export class GetOrderListHandler implements IQueryHandler<GetOrderListQuery> {
  constructor(
    private readonly lists: OrderListRepository,
    private readonly specs: MarketSpecs,
  ) {}

  execute({ userId, listId }: GetOrderListQuery): Promise<OrderListView> {
    return viewOf(this.lists, this.specs, userId, listId);
  }
}

@CommandHandler(CancelOrderListCommand)
export class CancelOrderListHandler implements ICommandHandler<CancelOrderListCommand> {
  constructor(
    private readonly lists: OrderListRepository,
    private readonly specs: MarketSpecs,
    private readonly turns: MarketTurns,
    private readonly closer: ListCloser,
  ) {}

  async execute({ userId, listId }: CancelOrderListCommand): Promise<OrderListView> {
    const found = await this.lists.find(userId, listId);
    if (!found) throw new OrdersError(OrdersErrorCode.ORDER_LIST_NOT_FOUND, `No order list ${listId}`);
    const spec = await this.specs.get(found.list.symbol);
    const clear = async () => (await this.lists.clearPending(listId), null);
    answerOf(await this.turns.run({ spec, needs: {}, decide: (market, facts) => decideCancelList(spec, userId, listId, clear, market, facts) }));
    const after = await this.lists.find(userId, listId);
    if (after) await this.closer.closeIfDone({ ...after.list, pending: null }, after.orders);
    return viewOf(this.lists, this.specs, userId, listId);
  }
}
