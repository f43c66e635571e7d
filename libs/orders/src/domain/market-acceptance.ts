import { MarketSpec } from './market-spec';
import { OrderSide } from './order-types';
import { OrdersError, OrdersErrorCode } from './orders.error';

/**
 * Whether the market accepts an order of this side now, for a new order or an
 * amend (an amend can trade: a new price may cross). Not HALTED; CLOSE_ONLY
 * takes sells only on spot, reduce-only orders only on a perpetual. Null
 * when it does, else the refusal.
 */
export function marketRefusal(spec: MarketSpec, side: OrderSide, action: 'place' | 'amend', reduceOnly = false): OrdersError | null {
  if (spec.status === 'HALTED') return new OrdersError(OrdersErrorCode.MARKET_HALTED, `${spec.symbol} is halted`);
  if (spec.kind === 'PERPETUAL') {
    if (spec.status === 'CLOSE_ONLY' && !reduceOnly) return new OrdersError(OrdersErrorCode.MARKET_CLOSE_ONLY, `${spec.symbol} accepts only reduce-only orders (close-only)`);
    return null;
  }
  if (reduceOnly) return new OrdersError(OrdersErrorCode.REDUCE_ONLY_NOT_ALLOWED, `reduceOnly is for perpetual markets; ${spec.symbol} is spot`);
  if (spec.status === 'CLOSE_ONLY' && side === OrderSide.BUY) {
    const hint = action === 'amend' ? '; cancel the buy instead' : '';
    return new OrdersError(OrdersErrorCode.MARKET_CLOSE_ONLY, `${spec.symbol} accepts only sell orders (close-only)${hint}`);
  }
  return null;
}
