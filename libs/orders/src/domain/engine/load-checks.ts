import { BookSide } from './book-side';
import { OrderBookError, OrderBookErrorCode } from './order-book.error';
import { RestingOrder, TimeInForce } from './order-book.types';
import { OrderNode } from './price-level';

/**
 * The checks of `OrderBook.load`: an open order read back from the database must be one that a
 * valid history can leave resting. A failure is corrupt data, not a user's mistake: it throws.
 */
export function assertRestable(o: RestingOrder, loaded: ReadonlyMap<string, OrderNode>): void {
  if (o.price <= 0n || o.quantity <= 0n || o.filled < 0n || o.filled >= o.quantity) {
    throw new OrderBookError(OrderBookErrorCode.INVALID_RESTING_ORDER, `Order ${o.id} has nothing valid to rest`, { orderId: o.id });
  }
  if (o.timeInForce !== TimeInForce.GTC && o.timeInForce !== TimeInForce.GTD && o.timeInForce !== TimeInForce.POST_ONLY) {
    throw new OrderBookError(OrderBookErrorCode.INVALID_RESTING_ORDER, `Order ${o.id} is ${o.timeInForce}: only GTC, GTD and POST_ONLY rest`, { orderId: o.id });
  }
  if (loaded.has(o.id)) {
    throw new OrderBookError(OrderBookErrorCode.DUPLICATE_RESTING_ORDER, `Order ${o.id} appears twice`, { orderId: o.id });
  }
}

/** A book at rest never crosses: the matching would have traded those orders. */
export function assertNotCrossed(bids: BookSide, asks: BookSide): void {
  const bid = bids.best();
  const ask = asks.best();
  if (bid !== undefined && ask !== undefined && bid.price >= ask.price) {
    throw new OrderBookError(OrderBookErrorCode.CROSSED_BOOK_ON_LOAD, `The open orders cross: bid ${bid.price} >= ask ${ask.price}`, {
      bid: bid.price.toString(),
      ask: ask.price.toString(),
    });
  }
}
