import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { newId } from '@lib/kernel';
import { Bucket, LedgerEntryInput, LedgerEntryType, UserAccountKind, userAccount } from '@lib/wallet';
import { OrderReason, OrdersError, OrdersErrorCode, Side, assertInBand, planAmend } from '../../../domain';
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
  ) {}

  async execute(command: AmendOrderCommand): Promise<OrderView> {
    if (command.price === undefined && command.quantity === undefined) {
      throw new OrdersError(OrdersErrorCode.INVALID_AMEND, 'Give a new price, a new quantity, or both');
    }
    const found = await this.orders.findForUser(command.userId, command.orderId);
    if (!found) throw new OrdersError(OrdersErrorCode.ORDER_NOT_FOUND, 'Order not found');
    const spec = await this.specs.get(found.symbol);
    // An amend can trade (a new price may cross): the market's status rules apply as to a new order.
    if (spec.status === 'HALTED') throw new OrdersError(OrdersErrorCode.MARKET_HALTED, `${spec.symbol} is halted`);
    if (spec.status === 'CLOSE_ONLY' && found.side === Side.BUY) {
      throw new OrdersError(OrdersErrorCode.MARKET_CLOSE_ONLY, `${spec.symbol} accepts only sell orders (close-only); cancel the buy instead`);
    }
    const newPrice = command.price === undefined ? undefined : parsePrice(spec, command.price);
    const newQuantity = command.quantity === undefined ? undefined : parseQuantity(spec, command.quantity);
    // Read before the turn (a turn never waits on the market context), checked in it against the order's current price.
    const mark = newPrice === undefined ? null : await this.specs.markPrice(spec);

    return this.turns.run(found.symbol, async (turn) => {
      const order = turn.openOrder(found.id);
      if (!order) {
        const status = turn.touchedOrder(found.id)?.state.status ?? (await this.orders.findByIds([found.id]))[0]!.status;
        throw new OrdersError(OrdersErrorCode.ORDER_NOT_OPEN, `The order is ${status}`, { status });
      }
      const s = order.state;
      const plan = planAmend(spec, s, { price: newPrice, quantity: newQuantity });
      // Nothing to change: no hold moves, nothing is written or published, the order keeps its place.
      if (!plan.changed) {
        const view = toOrderView(spec, s);
        return () => view;
      }
      const { price, quantity, hold: needed, holdChange: change } = plan;
      // A new price must be inside the band; the price the order already rests at needs no check.
      if (price !== s.price) {
        if (mark === null) throw new OrdersError(OrdersErrorCode.NO_MARK_PRICE, `${spec.symbol} has no mark price yet`);
        assertInBand(spec, price, mark);
      }

      // A rise is checked first (unlocked): refusing it must not touch the book.
      const fundsRef = { userId: s.userId, account: UserAccountKind.SPOT, asset: s.holdAsset };
      if (change > 0n) turn.funds!.assertCovers(fundsRef, change);

      const result = turn.book.amend(s.id, { price, quantity });
      if (result.rejected !== null) {
        // A refusal leaves the book as it was; an order open in the database but not in the book means a broken cache.
        if (result.rejected === OrderReason.ORDER_NOT_FOUND) turn.bookChanged = true;
        if (result.rejected === OrderReason.POST_ONLY_WOULD_TAKE) {
          throw new OrdersError(OrdersErrorCode.POST_ONLY_WOULD_TAKE, 'A POST_ONLY order must not take liquidity; the new price would match at once');
        }
        throw new OrdersError(OrdersErrorCode.INVALID_AMEND, `Amend refused: ${result.rejected}`);
      }
      turn.bookChanged = true;
      if (change > 0n) turn.funds!.take(fundsRef, change);
      // Posted with the pass in one lock round.
      const account = userAccount(s.userId, UserAccountKind.SPOT, s.holdAsset);
      const before: LedgerEntryInput[] =
        change === 0n
          ? []
          : [
              {
                type: change > 0n ? LedgerEntryType.HOLD : LedgerEntryType.RELEASE,
                reference: `order:${s.id}:amend:${newId()}`,
                postings: [
                  { account, bucket: Bucket.AVAILABLE, amount: -change },
                  { account, bucket: Bucket.LOCKED, amount: change },
                ],
              },
            ];
      s.holdRemaining = needed;
      s.price = price;
      s.quantity = quantity;
      s.priority = result.order!.sequence;
      const pass = this.pass.apply(turn, spec, result, order, false, before);
      return () => pass.view;
    }, { funds: { userId: found.userId, account: UserAccountKind.SPOT, asset: found.holdAsset } });
  }
}
