import { BookPass } from './book-pass';
import { BookSide } from './book-side';
import { SelfTradePrevention } from './order-book.types';
import { OrderNode } from './price-level';
import { selfTradeExpiresTaker } from './self-trade-prevention';

/**
 * The matching walk: trades `taker` against the opposite side while prices cross its limit,
 * best level first and each level from its head, always at the maker's price. A maker filled
 * in full leaves its level and `orders`; an emptied level leaves its side; every level traded
 * at is touched in `pass`, every fill recorded there. Returns true when self-trade prevention
 * ended the taker; fills made before that point stand.
 */
export function match(taker: OrderNode, opposite: BookSide, stp: SelfTradePrevention, orders: Map<string, OrderNode>, pass: BookPass): boolean {
  const limit = taker.price;
  const owner = taker.ownerId;
  let remaining = taker.remaining;
  let filled = taker.filled;
  let expired = false;
  while (remaining > 0n) {
    const level = opposite.best();
    if (level === undefined || !opposite.crosses(level.price, limit)) break;
    let maker = level.head;
    let traded = false;
    while (maker !== null) {
      if (maker.ownerId === owner) {
        expired = selfTradeExpiresTaker(stp);
        break;
      }
      const quantity = maker.remaining < remaining ? maker.remaining : remaining;
      const makerRemaining = maker.remaining - quantity;
      maker.remaining = makerRemaining;
      maker.filled += quantity;
      remaining -= quantity;
      filled += quantity;
      level.total -= quantity;
      traded = true;
      const done = makerRemaining === 0n;
      pass.fill({
        makerOrderId: maker.id,
        takerOrderId: taker.id,
        makerOwnerId: maker.ownerId,
        takerOwnerId: owner,
        takerSide: taker.side,
        price: level.price,
        quantity,
        makerRemaining,
        makerFilled: done,
      });
      const next = maker.next;
      if (done) {
        level.unlink(maker);
        orders.delete(maker.id);
      }
      if (remaining === 0n) break;
      maker = next;
    }
    if (traded) pass.touch(level);
    if (level.count === 0) opposite.remove(level);
    if (expired || !traded) break;
  }
  taker.remaining = remaining;
  taker.filled = filled;
  return expired;
}
