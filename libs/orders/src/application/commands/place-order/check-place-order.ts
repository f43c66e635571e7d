import { Order, OrderType, OrdersError, OrdersErrorCode, Side, TimeInForce, assertOrderShape, protectionPrice, splitType } from '../../../domain';
import { parsePrice, parseQuantity } from '../../decimals';
import { PlaceOrder } from '../../deciders';
import { MarketSpecs, OrderRepository, PreTradeRisk } from '../../ports';
import { PlaceOrderInput } from './place-order.command';
import { isSameOrder } from './same-order';
import { checkGoodTill, checkTrigger, spotBuyCap } from './check-trigger';

/** The last trade of a market (a conditional order watching LAST is checked against it). */
export type LastPrices = (symbol: string) => Promise<bigint | null>;

/** The price of the market's last trade, from the tape; null before its first. */
export async function lastTradePrice(orders: OrderRepository, symbol: string): Promise<bigint | null> {
  const [last] = await orders.trades({ symbol, limit: 1 });
  return last?.price ?? null;
}

/**
 * The checks of a new order that need no turn: the numbers, type and time in
 * force; a conditional order's trigger (docs/conditional-orders.md); the risk
 * context's pre-trade stage (the market's status, the band, the largest
 * order, the kill switch); the step grid and the minimums. Shared by placing
 * (PlaceOrderHandler) and the preview (PreviewOrderHandler), so both refuse
 * with the same codes.
 */
/** `reachedOk`: a condition the price already meets is placed anyway (a list's order placed later: the monitor fires it at once). */
export async function checkPlaceOrder(specs: MarketSpecs, risk: PreTradeRisk, input: PlaceOrderInput, maxOpenOrders: number, lastPrice: LastPrices, options: { readonly reachedOk?: boolean } = {}): Promise<PlaceOrder> {
  const now = new Date();
  const spec = await specs.get(input.symbol);
  const { type, kind } = splitType(input.type);
  const closePosition = input.closePosition ?? false;
  if (closePosition && (type !== OrderType.MARKET || kind === null || input.quantity !== undefined)) {
    throw new OrdersError(OrdersErrorCode.INVALID_CLOSE_POSITION, 'closePosition goes with STOP_MARKET, TAKE_PROFIT_MARKET or TRAILING_STOP_MARKET, without a quantity');
  }
  if (input.quantity === undefined && !closePosition) throw new OrdersError(OrdersErrorCode.INVALID_QUANTITY, 'quantity is required');
  // closePosition: the position at the trigger is the quantity; one step stands for it until then (checked in the turn).
  const quantity = input.quantity === undefined ? spec.stepSize : parseQuantity(spec, input.quantity);
  let price: bigint | null = null;
  let timeInForce: TimeInForce;
  if (type === OrderType.LIMIT) {
    if (input.price === undefined) throw new OrdersError(OrdersErrorCode.PRICE_REQUIRED, `A ${input.type} order needs a price`);
    price = parsePrice(spec, input.price);
    timeInForce = input.timeInForce ?? TimeInForce.GTC;
  } else {
    if (input.price !== undefined) throw new OrdersError(OrdersErrorCode.PRICE_NOT_ALLOWED, `A ${input.type} order takes no price`);
    timeInForce = input.timeInForce ?? TimeInForce.IOC;
    if (timeInForce !== TimeInForce.IOC && timeInForce !== TimeInForce.FOK) {
      throw new OrdersError(OrdersErrorCode.INVALID_TIME_IN_FORCE, `A ${input.type} order is IOC or FOK`);
    }
  }
  if (timeInForce === TimeInForce.GTD && kind === null && type !== OrderType.LIMIT) throw new OrdersError(OrdersErrorCode.INVALID_TIME_IN_FORCE, 'GTD is for LIMIT orders');
  const goodTill = checkGoodTill(input, timeInForce, now);
  // Read before the turn: a turn never waits on the market context (its cache may reload from the database).
  const mark = await specs.markPrice(spec);
  if (mark === null) throw new OrdersError(OrdersErrorCode.NO_MARK_PRICE, `${spec.symbol} has no mark price yet`);
  const trigger = checkTrigger(spec, input, kind, { mark, last: input.triggerBy === 'LAST' ? await lastPrice(spec.symbol) : null }, options.reachedOk);
  const limit = price ?? protectionPrice(spec, input.side, mark);
  const reduceOnly = (input.reduceOnly ?? false) || closePosition;
  // A conditional order is checked at its own prices now (no band: the band applies when it triggers, at the mark then).
  const at = trigger ? (price ?? trigger.price ?? trigger.anchor ?? trigger.activationPrice ?? mark) : mark;
  await risk.check({ spec, userId: input.userId, side: input.side, type, price: trigger ? null : price, limit, quantity, reduceOnly, mark: at });
  // After the band, as before the stage existed: an order off the band is PRICE_OUT_OF_BAND whatever its size.
  if (!closePosition) assertOrderShape(spec, price, quantity, at);
  const perp = spec.kind === 'PERPETUAL';
  // A perpetual order holds margin in the settlement asset, decided in the turn (it depends on the position); a
  // conditional one holds nothing until it triggers.
  const holdAsset = perp || input.side === Side.BUY ? spec.quote : spec.base;
  const holdAt = trigger && price === null && input.side === Side.BUY && !perp ? spotBuyCap(spec, trigger, Side.BUY) : (price ?? limit);
  const hold = !perp && (input.side === Side.SELL || price !== null || trigger !== null) ? Order.worstCaseHold(spec, input.side, holdAt, quantity, spec) : null;
  return {
    spec,
    userId: input.userId,
    side: input.side,
    type,
    timeInForce,
    price,
    limit,
    quantity,
    clientOrderId: input.clientOrderId ?? null,
    reduceOnly,
    holdAsset,
    hold,
    maxOpenOrders,
    trigger,
    goodTill,
    sameAs: (existing) => isSameOrder(spec, input, existing),
  };
}

