import { randomUUID } from 'node:crypto';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AppConfig } from '@lib/platform';
import { ListRole, ListStatus, OrdersError, OrdersErrorCode } from '../../domain';
import { checkPlaceOrder, lastTradePrice } from '../commands/place-order/check-place-order';
import { PlaceOrder, accountOf } from '../deciders';
import { MarketSpecs, OrderRepository, PreTradeRisk } from '../ports';
import { OrderListRepository } from '../ports/order-list.repository.port';
import { MarketTurns, answerOf } from '../turns';
import { decidePlaceList } from './decide-place-list';
import { listShape } from './list-shape';
import { ListTemplate, OrderListView, StoredList } from './order-list';
import { listView } from './order-list-view';
import { PlaceOrderListCommand } from './place-order-list.command';

/**
 * Places an order list (docs/conditional-orders.md, "Order lists"): its
 * shape, then every order of it checked as a single order would be (those
 * placed later too, at the entry's quantity for a bracket's legs, so a list
 * that could never work is refused now), then one turn places what is placed
 * now and writes the list with what it will place later.
 */
@CommandHandler(PlaceOrderListCommand)
export class PlaceOrderListHandler implements ICommandHandler<PlaceOrderListCommand> {
  constructor(
    private readonly specs: MarketSpecs,
    private readonly risk: PreTradeRisk,
    private readonly orders: OrderRepository,
    private readonly lists: OrderListRepository,
    private readonly turns: MarketTurns,
    private readonly config: AppConfig,
  ) {}

  async execute({ input }: PlaceOrderListCommand): Promise<OrderListView> {
    const shape = listShape(input);
    const admission = await this.turns.admit(shape.symbol, input.userId);
    try {
      const view = await this.place(input, shape);
      admission.release();
      return view;
    } catch (error) {
      admission.release(true);
      throw error;
    }
  }

  private async place(input: PlaceOrderListCommand['input'], shape: ReturnType<typeof listShape>): Promise<OrderListView> {
    const listId = randomUUID();
    const now: PlaceOrder[] = [];
    for (const template of shape.now) now.push({ ...(await this.check(input.userId, template)), listId, listRole: template.role });
    const spec = now[0]!.spec;
    const perp = spec.kind === 'PERPETUAL';
    const later: ListTemplate[] = shape.later.map((t) => (perp && t.role !== ListRole.PENDING ? { ...t, reduceOnly: true } : t));
    for (const template of later) {
      // A bracket's legs are checked at the entry's quantity (what they will be at most).
      await this.check(input.userId, template.role === ListRole.PENDING ? template : { ...template, quantity: shape.now[0]!.quantity });
    }
    const at = new Date();
    const list: StoredList = {
      id: listId,
      userId: input.userId,
      symbol: spec.symbol,
      kind: input.kind,
      status: ListStatus.EXECUTING,
      clientListId: input.clientListId ?? null,
      pending: later.length > 0 ? later : null,
      createdAt: at,
      updatedAt: at,
    };
    const record = async () =>
      (await this.lists.insert(list)) ? null : new OrdersError(OrdersErrorCode.LIST_CLIENT_ID_CONFLICT, `clientListId ${list.clientListId} already names another list`, { clientListId: list.clientListId });
    const first = now[0]!;
    const placed = answerOf(
      await this.turns.run({
        spec,
        needs: {
          openOrdersOf: input.userId,
          funds: { userId: input.userId, account: accountOf(spec), asset: first.holdAsset },
          ...(perp ? { margin: { userId: input.userId, asset: spec.quote } } : {}),
        },
        decide: (market, facts) => decidePlaceList(list, now, record, market, facts),
      }),
    );
    return listView(placed.list, placed.orders);
  }

  private check(userId: string, template: ListTemplate): Promise<PlaceOrder> {
    const { role: _role, ...order } = template;
    return checkPlaceOrder(this.specs, this.risk, { ...order, userId }, this.config.orders.maxOpenOrdersPerUser, (symbol) => lastTradePrice(this.orders, symbol));
  }
}
