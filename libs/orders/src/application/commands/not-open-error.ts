import { OrderStatus, OrdersError, OrdersErrorCode } from '../../domain';
import { OrderRepository } from '../ports';

/** ORDER_NOT_OPEN with the order's status: the one a decision saw, else the committed one. */
export async function notOpenError(orders: OrderRepository, orderId: string, status: OrderStatus | null): Promise<OrdersError> {
  const current = status ?? (await orders.findByIds([orderId]))[0]!.status;
  return new OrdersError(OrdersErrorCode.ORDER_NOT_OPEN, `The order is ${current}`, { status: current });
}
