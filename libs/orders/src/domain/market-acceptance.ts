import { MarketSpec } from './market-spec';
import { OrderSide } from './order-types';
import { OrdersError, OrdersErrorCode } from './orders.error';

/**
 * Whether the market accepts an order of this side now, for a new order or an
 * amend (an amend can trade: a new price may cross). A spot market only
 * (perpetual orders are not open yet); not HALTED; CLOSE_ONLY takes sells
 * only. Null when it does, else the refusal.
 */
export function marketRefusal(spec: MarketSpec, side: OrderSide, action: 'place' | 'amend'): OrdersError | null {
  if (spec.kind !== 'SPOT') return new OrdersError(OrdersErrorCode.MARKET_NOT_SPOT, `${spec.symbol} is not a spot market`);
  if (spec.status === 'HALTED') return new OrdersError(OrdersErrorCode.MARKET_HALTED, `${spec.symbol} is halted`);
  if (spec.status === 'CLOSE_ONLY' && side === OrderSide.BUY) {
    const hint = action === 'amend' ? '; cancel the buy instead' : '';
    return new OrdersError(OrdersErrorCode.MARKET_CLOSE_ONLY, `${spec.symbol} accepts only sell orders (close-only)${hint}`);
  }
  return null;
}
