import { OrderBook } from './engine/order-book';
import { OrderType, Side, TimeInForce } from './engine/order-book.types';
import { MarketSpec } from './market-spec';
import { marketBuyHold } from './holds';

// ETH-USD as the e2e suite lists it: price units of 1 USD, quantity units of 0.01 ETH, USD 2 decimals,
// so a notional is price x quantity cents. Maker 0.1 %, taker 0.2 %.
const spec: MarketSpec = {
  symbol: 'ETH-USD',
  kind: 'SPOT',
  status: 'TRADING',
  base: 'ETH',
  quote: 'USD',
  baseDecimals: 8,
  quoteDecimals: 2,
  priceScale: 0,
  quantityScale: 2,
  tickSize: 1n,
  stepSize: 1n,
  minQuantity: 5n,
  minNotional: 100n,
  makerFeePpm: 1000n,
  takerFeePpm: 2000n,
  priceBandPpm: 500_000n,
};

/** Asks placed in this order: `[owner, quantity units, price]`. */
function bookWith(asks: readonly (readonly [string, bigint, bigint])[]): OrderBook {
  const book = new OrderBook(spec.symbol);
  asks.forEach(([owner, quantity, price], i) => {
    book.place({ id: `a${i}`, ownerId: owner, side: Side.SELL, type: OrderType.LIMIT, price, quantity, timeInForce: TimeInForce.GTC });
  });
  return book;
}

describe('marketBuyHold: what a MARKET buy can at most spend', () => {
  it.each([
    // [case, asks, quantity, time in force, hold in cents]
    // 0.30 x 101 + 0.20 x 102 = 50.70, fee ceil(0.1014) = 0.11.
    ['walks the levels it needs, taker fee rounded up', [['seller', 30n, 101n], ['seller', 30n, 102n]], 50n, TimeInForce.IOC, 5081n],
    ['what the book has when it has less than asked', [['seller', 30n, 101n]], 50n, TimeInForce.IOC, 3030n + 7n],
    ['nothing on an empty book', [], 10n, TimeInForce.IOC, 0n],
    ['nothing beyond the protection price (150)', [['seller', 30n, 151n]], 10n, TimeInForce.IOC, 0n],
    ['stops at the protection price', [['seller', 10n, 150n], ['seller', 10n, 151n]], 20n, TimeInForce.IOC, 1500n + 3n],
    ['nothing when the buyer\'s own ask is first', [['buyer', 50n, 101n], ['seller', 50n, 102n]], 30n, TimeInForce.IOC, 0n],
    ['nothing when the buyer\'s own ask is first in a shared level', [['buyer', 50n, 101n], ['seller', 50n, 101n]], 30n, TimeInForce.IOC, 0n],
    // 0.20 x 101 = 20.20, fee ceil(0.0404) = 0.05.
    ['only what is before the buyer\'s own ask', [['seller', 20n, 101n], ['buyer', 50n, 102n], ['seller', 50n, 103n]], 100n, TimeInForce.IOC, 2025n],
    // Another's 0.10 at 101 is ahead of the buyer's own in the level: 10.10 + ceil(0.0202) = 0.03.
    ['what is ahead of the own ask inside its level', [['seller', 10n, 101n], ['buyer', 50n, 101n]], 30n, TimeInForce.IOC, 1013n],
    ['a FOK the book fills: the walk', [['seller', 30n, 101n], ['seller', 30n, 120n]], 30n, TimeInForce.FOK, 3037n],
    ['a FOK the book cannot fill: nothing', [['seller', 30n, 101n]], 50n, TimeInForce.FOK, 0n],
    ['a FOK its own ask stops: nothing', [['seller', 30n, 101n], ['buyer', 30n, 102n], ['seller', 30n, 103n]], 50n, TimeInForce.FOK, 0n],
  ] as const)('%s', (_case, asks, quantity, timeInForce, hold) => {
    const book = bookWith(asks);
    const before = book.snapshot();
    expect(marketBuyHold(spec, book, { ownerId: 'buyer', quantity, timeInForce, protectionPrice: 150n, rates: spec })).toBe(hold);
    expect(book.snapshot()).toEqual(before);
  });

  it('is exactly what the order then spends: its fills\' quotes plus its fee', () => {
    const book = bookWith([['s1', 7n, 99n], ['s2', 13n, 100n], ['s1', 40n, 103n]]);
    const hold = marketBuyHold(spec, book, { ownerId: 'buyer', quantity: 33n, timeInForce: TimeInForce.IOC, protectionPrice: 150n, rates: spec });
    const result = book.place({ id: 'm', ownerId: 'buyer', side: Side.BUY, type: OrderType.MARKET, price: 150n, quantity: 33n, timeInForce: TimeInForce.IOC });
    const quote = result.fills.reduce((sum, f) => sum + f.price * f.quantity, 0n);
    // 7 x 99 + 13 x 100 + 13 x 103 = 3332 cents, fee ceil(6.664) = 7.
    expect([quote, hold]).toEqual([3332n, 3339n]);
  });
});
