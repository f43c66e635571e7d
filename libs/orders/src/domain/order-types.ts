import { OrderStatus, Side } from './engine/order-book.types';

/** The engine's Side, named for the order API; OrderType, TimeInForce and OrderStatus are the engine's own. */
export const OrderSide = Side;
export type OrderSide = Side;

export function isOpen(status: OrderStatus): boolean {
  return status === OrderStatus.NEW || status === OrderStatus.PARTIALLY_FILLED;
}

export enum Liquidity {
  MAKER = 'MAKER',
  TAKER = 'TAKER',
}
