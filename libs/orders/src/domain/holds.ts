import { OrderBook } from './engine/order-book';
import { Side, TimeInForce } from './engine/order-book.types';
import { FeeRates, MarketSpec, feeOn, notional } from './market-spec';

/** A MARKET buy as it is about to run: its owner, size, time in force and protection price (the band's edge). */
export interface MarketBuy {
  readonly ownerId: string;
  readonly quantity: bigint;
  readonly timeInForce: TimeInForce;
  readonly protectionPrice: bigint;
  /** The fee rates the order is placed with. */
  readonly rates: FeeRates;
}

/**
 * What a MARKET buy can at most spend, which is what it holds and what the
 * buyer's funds must cover: the book walked now (the market's turn: it cannot
 * change before the order runs) up to the protection price, stopping at the
 * buyer's own first ask as self-trade prevention does, plus the taker fee on
 * that cost, rounded up. Every fill is at a price of the walk, so the hold is
 * spent to the last unit. A buy that can spend nothing (an empty book, only
 * asks beyond the protection price, the buyer's own ask first, a FOK the book
 * cannot fill in full) holds 0: it is accepted whatever the funds and ends at
 * once (CANCELED, or EXPIRED for self-trade prevention and FOK) with nothing
 * spent, as an IOC that meets nothing does.
 */
export function marketBuyHold(spec: MarketSpec, book: OrderBook, order: MarketBuy): bigint {
  let filled = 0n;
  let cost = 0n;
  for (const take of book.takeable(Side.BUY, order.ownerId, order.protectionPrice, order.quantity)) {
    filled += take.quantity;
    cost += notional(spec, take.price, take.quantity);
  }
  if (order.timeInForce === TimeInForce.FOK && filled < order.quantity) return 0n;
  return cost + feeOn(order.rates, cost, 0n);
}
