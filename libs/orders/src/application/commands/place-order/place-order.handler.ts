import { CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock, newId } from '@lib/kernel';
import { IdempotencyStore } from '@lib/platform';
import { HoldFundsCommand, UserAccountKind } from '@lib/wallet';
import {
  MarketSpec,
  Order,
  OrderBook,
  OrderReason,
  OrderStatus,
  OrderType,
  OrdersError,
  OrdersErrorCode,
  Side,
  TimeInForce,
  assertInBand,
  assertOrderShape,
  feeOn,
  notional,
  protectionPrice,
} from '../../../domain';
import { parsePrice, parseQuantity } from '../../decimals';
import { MarketTurns, Turn } from '../../market-turns';
import { MatchingPass } from '../../matching-pass';
import { toOrderView } from '../../order-view';
import { MarketSpecs, OrderRepository } from '../../ports';
import { PlaceOrderOutcome, PlaceOrderResult } from '../../views';
import { PlaceOrderCommand, PlaceOrderInput } from './place-order.command';

interface Checked {
  readonly spec: MarketSpec;
  readonly price: bigint | null;
  readonly quantity: bigint;
  readonly timeInForce: TimeInForce;
}

@CommandHandler(PlaceOrderCommand)
export class PlaceOrderHandler implements ICommandHandler<PlaceOrderCommand> {
  constructor(
    private readonly specs: MarketSpecs,
    private readonly turns: MarketTurns,
    private readonly orders: OrderRepository,
    private readonly pass: MatchingPass,
    private readonly commands: CommandBus,
    private readonly idempotency: IdempotencyStore,
    private readonly clock: Clock,
  ) {}

  async execute(command: PlaceOrderCommand): Promise<PlaceOrderOutcome> {
    const checked = await this.check(command.input);
    return this.turns.run(checked.spec.symbol, async (turn): Promise<PlaceOrderOutcome> => {
      const place = () => this.placeInTurn(command.input, checked, turn);
      if (!command.idempotency) return { kind: 'placed', result: await place() };
      const outcome = await this.idempotency.run({ scope: command.input.userId, ...command.idempotency }, async () => {
        const result = await place();
        return { statusCode: result.created ? 201 : 200, body: JSON.stringify(result.order) };
      });
      if (outcome.kind === 'key-reused') return outcome;
      return { kind: 'replayed', statusCode: outcome.response.statusCode, body: outcome.response.body };
    });
  }

  /** Everything that needs no turn: the market, the numbers, the type and time in force. */
  private async check(input: PlaceOrderInput): Promise<Checked> {
    const spec = await this.specs.get(input.symbol);
    if (spec.kind !== 'SPOT') throw new OrdersError(OrdersErrorCode.MARKET_NOT_SPOT, `${spec.symbol} is not a spot market`);
    if (spec.status === 'HALTED') throw new OrdersError(OrdersErrorCode.MARKET_HALTED, `${spec.symbol} is halted`);
    if (spec.status === 'CLOSE_ONLY' && input.side === Side.BUY) {
      throw new OrdersError(OrdersErrorCode.MARKET_CLOSE_ONLY, `${spec.symbol} accepts only sell orders (close-only)`);
    }
    const quantity = parseQuantity(spec, input.quantity);
    if (input.type === OrderType.LIMIT) {
      if (input.price === undefined) throw new OrdersError(OrdersErrorCode.PRICE_REQUIRED, 'A LIMIT order needs a price');
      return { spec, quantity, price: parsePrice(spec, input.price), timeInForce: input.timeInForce ?? TimeInForce.GTC };
    }
    if (input.price !== undefined) throw new OrdersError(OrdersErrorCode.PRICE_NOT_ALLOWED, 'A MARKET order takes no price');
    const timeInForce = input.timeInForce ?? TimeInForce.IOC;
    if (timeInForce !== TimeInForce.IOC && timeInForce !== TimeInForce.FOK) {
      throw new OrdersError(OrdersErrorCode.INVALID_TIME_IN_FORCE, 'A MARKET order is IOC or FOK');
    }
    return { spec, quantity, price: null, timeInForce };
  }

  private async placeInTurn(input: PlaceOrderInput, checked: Checked, turn: Turn): Promise<PlaceOrderResult> {
    const book = turn.book;
    const { spec, quantity, timeInForce } = checked;
    if (input.clientOrderId !== undefined) {
      const existing = await this.orders.findByClientOrderId(input.userId, input.clientOrderId);
      if (existing) return { created: false, order: { ...toOrderView(spec, existing), fills: [] } };
    }
    const mark = await this.specs.markPrice(spec);
    if (mark === null) throw new OrdersError(OrdersErrorCode.NO_MARK_PRICE, `${spec.symbol} has no mark price yet`);
    const limit = checked.price ?? protectionPrice(spec, input.side, mark);
    if (checked.price !== null) assertInBand(spec, checked.price, mark);
    assertOrderShape(spec, checked.price, quantity, mark);

    const hold = input.side === Side.SELL ? Order.worstCaseHold(spec, Side.SELL, limit, quantity) : this.buyHold(spec, book, checked, limit);
    const holdAsset = input.side === Side.BUY ? spec.quote : spec.base;
    const id = newId();
    const now = this.clock.now();
    if (hold > 0n) {
      await this.commands.execute(new HoldFundsCommand(input.userId, UserAccountKind.SPOT, holdAsset, hold, `order:${id}:hold`));
    }

    turn.bookChanged = true;
    const result = book.place({ id, ownerId: input.userId, side: input.side, type: input.type, price: limit, quantity, timeInForce });
    if (result.rejected !== null) throw rejection(result.rejected);
    const order = new Order({
      id,
      userId: input.userId,
      symbol: spec.symbol,
      side: input.side,
      type: input.type,
      timeInForce,
      price: checked.price,
      quantity,
      filledQuantity: 0n,
      takerQuote: 0n,
      makerQuote: 0n,
      feePaid: 0n,
      status: OrderStatus.NEW,
      reason: null,
      priority: result.order!.sequence,
      clientOrderId: input.clientOrderId ?? null,
      holdAsset,
      holdRemaining: hold,
      createdAt: now,
      updatedAt: now,
    });
    const outcome = await this.pass.apply(spec, result, order, true);
    return { created: true, order: { ...toOrderView(spec, order.state), fills: outcome.subjectFills } };
  }

  /**
   * A limit buy holds its worst case (limit price, taker fee). A market buy
   * holds exactly what sweeping the book up to its protection price costs:
   * the book cannot change before it runs (this is the market's turn).
   */
  private buyHold(spec: MarketSpec, book: OrderBook, checked: Checked, limit: bigint): bigint {
    if (checked.price !== null) return Order.worstCaseHold(spec, Side.BUY, checked.price, checked.quantity);
    let left = checked.quantity;
    let cost = 0n;
    for (const level of book.depth(Number.MAX_SAFE_INTEGER).asks) {
      if (left === 0n || level.price > limit) break;
      const take = level.quantity < left ? level.quantity : left;
      cost += notional(spec, level.price, take);
      left -= take;
    }
    return cost + feeOn(spec, cost, 0n);
  }
}

function rejection(reason: OrderReason): OrdersError {
  switch (reason) {
    case OrderReason.POST_ONLY_WOULD_TAKE:
      return new OrdersError(OrdersErrorCode.POST_ONLY_WOULD_TAKE, 'A POST_ONLY order must not take liquidity; it would have matched at once');
    case OrderReason.INVALID_PRICE:
      return new OrdersError(OrdersErrorCode.INVALID_PRICE, 'Invalid price');
    case OrderReason.INVALID_QUANTITY:
      return new OrdersError(OrdersErrorCode.INVALID_QUANTITY, 'Invalid quantity');
    case OrderReason.INVALID_TIME_IN_FORCE:
      return new OrdersError(OrdersErrorCode.INVALID_TIME_IN_FORCE, 'Invalid time in force for this order type');
    default:
      return new OrdersError(OrdersErrorCode.INVALID_AMEND, `Order refused: ${reason}`);
  }
}
