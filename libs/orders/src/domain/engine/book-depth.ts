import { BookSide } from './book-side';
import { DepthLevel, OrderState, SnapshotLevel } from './order-book.types';
import { restingState } from './order-state';
import { PriceLevel } from './price-level';

/** A level's aggregate, or null for an empty side. */
export function levelOf(level: PriceLevel | undefined): DepthLevel | null {
  return level === undefined ? null : { price: level.price, quantity: level.total, orders: level.count };
}

/** Up to `count` aggregated levels of a side, best first. */
export function topLevels(side: BookSide, count: number): DepthLevel[] {
  const levels = side.levels;
  const out: DepthLevel[] = [];
  for (let i = levels.length - 1; i >= 0 && out.length < count; i--) {
    const level = levels[i];
    out.push({ price: level.price, quantity: level.total, orders: level.count });
  }
  return out;
}

/** Every level of a side, best first, with its orders in priority order. O(orders). */
export function snapshotLevels(side: BookSide): SnapshotLevel[] {
  const out: SnapshotLevel[] = [];
  for (let i = side.levels.length - 1; i >= 0; i--) {
    const level = side.levels[i];
    const orders: OrderState[] = [];
    for (let n = level.head; n !== null; n = n.next) orders.push(restingState(n));
    out.push({ price: level.price, quantity: level.total, orders });
  }
  return out;
}
