import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { OrdersError, OrdersErrorCode, marketRefusal } from '../../../domain';
import { parsePrice, parseQuantity } from '../../decimals';
import { accountOf, decideAmend } from '../../deciders';
import { MarketSpecs, OrderRepository } from '../../ports';
import { MarketTurns, answerOf } from '../../turns';
import { OrderView } from '../../views';
import { notOpenError } from '../not-open-error';
import { AmendOrderCommand } from './amend-order.command';

/** Amends an open order: the checks that need no book, then the market's turn decides it (decideAmend). */
@CommandHandler(AmendOrderCommand)
export class AmendOrderHandler implements ICommandHandler<AmendOrderCommand> {
  constructor(
    private readonly orders: OrderRepository,
    private readonly specs: MarketSpecs,
    private readonly turns: MarketTurns,
  ) {}

  async execute(command: AmendOrderCommand): Promise<OrderView> {
    if (command.price === undefined && command.quantity === undefined) {
      throw new OrdersError(OrdersErrorCode.INVALID_AMEND, 'Give a new price, a new quantity, or both');
    }
    const found = await this.orders.findForUser(command.userId, command.orderId);
    if (!found) throw new OrdersError(OrdersErrorCode.ORDER_NOT_FOUND, 'Order not found');
    const spec = await this.specs.get(found.symbol);
    const refusal = marketRefusal(spec, found.side, 'amend', found.reduceOnly);
    if (refusal) throw refusal;
    const price = command.price === undefined ? undefined : parsePrice(spec, command.price);
    const quantity = command.quantity === undefined ? undefined : parseQuantity(spec, command.quantity);
    // Read before the turn (a turn never waits on the market context), checked in it against the order's current price.
    const mark = price === undefined ? null : await this.specs.markPrice(spec);
    const amend = { spec, orderId: found.id, mark, ...(price === undefined ? {} : { price }), ...(quantity === undefined ? {} : { quantity }) };
    const answer = answerOf(
      await this.turns.run({
        spec,
        needs: {
          funds: { userId: found.userId, account: accountOf(spec), asset: found.holdAsset },
          ...(spec.kind === 'PERPETUAL' ? { margin: { userId: found.userId, asset: spec.quote } } : {}),
        },
        decide: (market, facts) => decideAmend(amend, market, facts),
      }),
    );
    if (answer.kind === 'not-open') throw await notOpenError(this.orders, found.id, answer.status);
    return answer.order;
  }
}
