import { Order, OrderType, OrdersError, OrdersErrorCode, Side, TimeInForce, assertOrderShape, protectionPrice } from '../../../domain';
import { parsePrice, parseQuantity } from '../../decimals';
import { PlaceOrder } from '../../deciders';
import { MarketSpecs, PreTradeRisk } from '../../ports';
import { PlaceOrderInput } from './place-order.command';
import { isSameOrder } from './same-order';

/**
 * The checks of a new order that need no turn: the numbers, type and time in
 * force; the risk context's pre-trade stage (the market's status, the band,
 * the largest order, the kill switch); the step grid and the minimums. Shared by
 * placing (PlaceOrderHandler) and the preview (PreviewOrderHandler), so both
 * refuse with the same codes.
 */
export async function checkPlaceOrder(specs: MarketSpecs, risk: PreTradeRisk, input: PlaceOrderInput, maxOpenOrders: number): Promise<PlaceOrder> {
  const spec = await specs.get(input.symbol);
  const quantity = parseQuantity(spec, input.quantity);
  let price: bigint | null = null;
  let timeInForce: TimeInForce;
  if (input.type === OrderType.LIMIT) {
    if (input.price === undefined) throw new OrdersError(OrdersErrorCode.PRICE_REQUIRED, 'A LIMIT order needs a price');
    price = parsePrice(spec, input.price);
    timeInForce = input.timeInForce ?? TimeInForce.GTC;
  } else {
    if (input.price !== undefined) throw new OrdersError(OrdersErrorCode.PRICE_NOT_ALLOWED, 'A MARKET order takes no price');
    timeInForce = input.timeInForce ?? TimeInForce.IOC;
    if (timeInForce !== TimeInForce.IOC && timeInForce !== TimeInForce.FOK) {
      throw new OrdersError(OrdersErrorCode.INVALID_TIME_IN_FORCE, 'A MARKET order is IOC or FOK');
    }
  }
  // Read before the turn: a turn never waits on the market context (its cache may reload from the database).
  const mark = await specs.markPrice(spec);
  if (mark === null) throw new OrdersError(OrdersErrorCode.NO_MARK_PRICE, `${spec.symbol} has no mark price yet`);
  const limit = price ?? protectionPrice(spec, input.side, mark);
  const reduceOnly = input.reduceOnly ?? false;
  await risk.check({ spec, userId: input.userId, side: input.side, type: input.type, price, limit, quantity, reduceOnly, mark });
  // After the band, as before the stage existed: an order off the band is PRICE_OUT_OF_BAND whatever its size.
  assertOrderShape(spec, price, quantity, mark);
  const perp = spec.kind === 'PERPETUAL';
  // A perpetual order holds margin in the settlement asset, decided in the turn (it depends on the position).
  const holdAsset = perp || input.side === Side.BUY ? spec.quote : spec.base;
  const hold = !perp && (input.side === Side.SELL || price !== null) ? Order.worstCaseHold(spec, input.side, limit, quantity, spec) : null;
  return {
    spec,
    userId: input.userId,
    side: input.side,
    type: input.type,
    timeInForce,
    price,
    limit,
    quantity,
    clientOrderId: input.clientOrderId ?? null,
    reduceOnly,
    holdAsset,
    hold,
    maxOpenOrders,
    sameAs: (existing) => isSameOrder(spec, input, existing),
  };
}
