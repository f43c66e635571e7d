import { OrderSide } from '@lib/orders';
import { QuoteSide } from '../domain';

export function orderSide(side: QuoteSide): OrderSide {
  return side === QuoteSide.BUY ? OrderSide.BUY : OrderSide.SELL;
}
