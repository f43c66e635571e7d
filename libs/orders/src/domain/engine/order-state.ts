import { NewOrder, OrderReason, OrderState, OrderStatus } from './order-book.types';
import { OrderNode } from './price-level';

/** A resting order is NEW until its first fill, then PARTIALLY_FILLED. */
export function restingStatus(node: OrderNode): OrderStatus {
  return node.filled === 0n ? OrderStatus.NEW : OrderStatus.PARTIALLY_FILLED;
}

/** The read-only picture of a live or just ended order: callers never see a node. */
export function stateOf(node: OrderNode, status: OrderStatus, reason: OrderReason | null): OrderState {
  return {
    id: node.id,
    ownerId: node.ownerId,
    side: node.side,
    type: node.type,
    timeInForce: node.timeInForce,
    price: node.price,
    quantity: node.quantity,
    filled: node.filled,
    remaining: node.remaining,
    status,
    reason,
    sequence: node.sequence,
  };
}

/** A resting order as it stands. */
export function restingState(node: OrderNode): OrderState {
  return stateOf(node, restingStatus(node), null);
}

/** A new order refused before it became a node: nothing filled, nothing left. */
export function rejectedState(order: NewOrder, reason: OrderReason): OrderState {
  return {
    id: order.id,
    ownerId: order.ownerId,
    side: order.side,
    type: order.type,
    timeInForce: order.timeInForce,
    price: order.price,
    quantity: order.quantity,
    filled: 0n,
    remaining: 0n,
    status: OrderStatus.REJECTED,
    reason,
    sequence: order.sequence ?? 0,
  };
}
