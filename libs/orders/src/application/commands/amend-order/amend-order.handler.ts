import { CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { newId } from '@lib/kernel';
import { HoldFundsCommand, ReleaseFundsCommand, UserAccountKind } from '@lib/wallet';
import { Order, OrderReason, OrderType, OrdersError, OrdersErrorCode, assertInBand, assertOrderShape } from '../../../domain';
import { parsePrice, parseQuantity } from '../../decimals';
import { MarketTurns } from '../../market-turns';
import { MatchingPass } from '../../matching-pass';
import { toOrderView } from '../../order-view';
import { MarketSpecs, OrderRepository } from '../../ports';
import { OrderView } from '../../views';
import { AmendOrderCommand } from './amend-order.command';

@CommandHandler(AmendOrderCommand)
export class AmendOrderHandler implements ICommandHandler<AmendOrderCommand> {
  constructor(
    private readonly orders: OrderRepository,
    private readonly specs: MarketSpecs,
    private readonly turns: MarketTurns,
    private readonly pass: MatchingPass,
    private readonly commands: CommandBus,
  ) {}

  async execute(command: AmendOrderCommand): Promise<OrderView> {
    if (command.price === undefined && command.quantity === undefined) {
      throw new OrdersError(OrdersErrorCode.INVALID_AMEND, 'Give a new price, a new quantity, or both');
    }
    const found = await this.orders.findForUser(command.userId, command.orderId);
    if (!found) throw new OrdersError(OrdersErrorCode.ORDER_NOT_FOUND, 'Order not found');
    const spec = await this.specs.get(found.symbol);
    const newPrice = command.price === undefined ? undefined : parsePrice(spec, command.price);
    const newQuantity = command.quantity === undefined ? undefined : parseQuantity(spec, command.quantity);

    return this.turns.run(found.symbol, async (turn) => {
      const [current] = await this.orders.findByIds([found.id]);
      const order = new Order(current!);
      const s = order.state;
      if (!order.isOpen) throw new OrdersError(OrdersErrorCode.ORDER_NOT_OPEN, `The order is ${s.status}`, { status: s.status });
      if (s.type !== OrderType.LIMIT || s.price === null) throw new OrdersError(OrdersErrorCode.INVALID_AMEND, 'Only a resting LIMIT order can be amended');
      const price = newPrice ?? s.price;
      const quantity = newQuantity ?? s.quantity;
      if (quantity <= s.filledQuantity) {
        throw new OrdersError(OrdersErrorCode.INVALID_AMEND, 'The new quantity must be above what is already filled; cancel the order instead');
      }
      if (newPrice !== undefined) {
        const mark = await this.specs.markPrice(spec);
        if (mark !== null) assertInBand(spec, price, mark);
      }
      assertOrderShape(spec, price, quantity - s.filledQuantity, price);

      const needed = Order.worstCaseHold(spec, s.side, price, quantity - s.filledQuantity, s);
      const change = needed - s.holdRemaining;
      const reference = `order:${s.id}:amend:${newId()}`;
      if (change > 0n) await this.commands.execute(new HoldFundsCommand(s.userId, UserAccountKind.SPOT, s.holdAsset, change, reference));
      if (change < 0n) await this.commands.execute(new ReleaseFundsCommand(s.userId, UserAccountKind.SPOT, s.holdAsset, -change, reference));
      s.holdRemaining = needed;

      turn.bookChanged = true;
      const result = turn.book.amend(s.id, { price, quantity });
      if (result.rejected !== null) {
        if (result.rejected === OrderReason.POST_ONLY_WOULD_TAKE) {
          throw new OrdersError(OrdersErrorCode.POST_ONLY_WOULD_TAKE, 'A POST_ONLY order must not take liquidity; the new price would match at once');
        }
        throw new OrdersError(OrdersErrorCode.INVALID_AMEND, `Amend refused: ${result.rejected}`);
      }
      s.price = price;
      s.quantity = quantity;
      s.priority = result.order!.sequence;
      await this.pass.apply(spec, result, order, false);
      return toOrderView(spec, s);
    });
  }
}
