import { BookSide } from './book-side';
import { SelfTradePrevention } from './order-book.types';
import { OrderNode } from './price-level';
import { selfTradeExpiresTaker } from './self-trade-prevention';

/**
 * Whether a FOK taker would fill in full against the opposite side, checked before anything
 * moves. Walks orders, not level totals, because self-trade prevention stops the taker at its
 * owner's first resting order.
 */
export function canFillInFull(opposite: BookSide, taker: OrderNode, stp: SelfTradePrevention): boolean {
  let need = taker.quantity;
  const levels = opposite.levels;
  for (let i = levels.length - 1; i >= 0; i--) {
    const level = levels[i];
    if (!opposite.crosses(level.price, taker.price)) return false;
    if (level.total < need) {
      // Even the whole level is not enough: only owners matter here.
      for (let n = level.head; n !== null; n = n.next) {
        if (n.ownerId === taker.ownerId && selfTradeExpiresTaker(stp)) return false;
      }
      need -= level.total;
      continue;
    }
    for (let n = level.head; n !== null; n = n.next) {
      if (n.ownerId === taker.ownerId && selfTradeExpiresTaker(stp)) return false;
      need -= n.remaining;
      if (need <= 0n) return true;
    }
  }
  return false;
}
