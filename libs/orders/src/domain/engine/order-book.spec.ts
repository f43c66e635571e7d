import { OrderBook } from './order-book';
import { OrderBookError, OrderBookErrorCode } from './order-book.error';
import { NewOrder, OrderReason, OrderStatus, OrderType, Side, TimeInForce } from './order-book.types';

let n = 0;
function order(side: Side, price: bigint, quantity: bigint, extra: Partial<NewOrder> = {}): NewOrder {
  n++;
  return { id: `o${n}`, ownerId: `u${n}`, side, type: OrderType.LIMIT, price, quantity, timeInForce: TimeInForce.GTC, ...extra };
}
const buy = (price: bigint, quantity: bigint, extra: Partial<NewOrder> = {}) => order(Side.BUY, price, quantity, extra);
const sell = (price: bigint, quantity: bigint, extra: Partial<NewOrder> = {}) => order(Side.SELL, price, quantity, extra);

/** The fills as [maker, price, quantity] triples: what a reader checks first. */
const trades = (r: { fills: readonly { makerOrderId: string; price: bigint; quantity: bigint }[] }) => r.fills.map((f) => [f.makerOrderId, f.price, f.quantity]);
const idsAt = (book: OrderBook, side: 'bids' | 'asks', price: bigint) => book.snapshot()[side].find((l) => l.price === price)?.orders.map((o) => o.id) ?? [];

describe('OrderBook', () => {
  let book: OrderBook;
  beforeEach(() => {
    book = new OrderBook('BTC-USDT');
  });

  describe('priority', () => {
    it('fills the best price first, whatever the arrival order', () => {
      book.place(sell(102n, 1n, { id: 'far' }));
      book.place(sell(100n, 1n, { id: 'near' }));
      book.place(sell(101n, 1n, { id: 'mid' }));
      const r = book.place(buy(105n, 3n));
      expect(r.fills.map((f) => f.makerOrderId)).toEqual(['near', 'mid', 'far']);
    });

    it('fills the earlier order first within a price level', () => {
      book.place(sell(100n, 1n, { id: 'first' }));
      book.place(sell(100n, 1n, { id: 'second' }));
      book.place(sell(100n, 1n, { id: 'third' }));
      const r = book.place(buy(100n, 2n));
      expect(r.fills.map((f) => f.makerOrderId)).toEqual(['first', 'second']);
      expect(idsAt(book, 'asks', 100n)).toEqual(['third']);
    });
  });

  it('trades at the maker price, not the taker limit', () => {
    book.place(sell(100n, 5n, { id: 'maker' }));
    const r = book.place(buy(110n, 5n));
    expect(trades(r)).toEqual([['maker', 100n, 5n]]);
    expect(r.order?.status).toBe(OrderStatus.FILLED);
    expect(book.bestAsk()).toBeNull();
    expect(book.bestBid()).toBeNull();
  });

  it('reports every fill with owners, maker remainder and whether the maker is done', () => {
    book.place(sell(100n, 2n, { id: 'a', ownerId: 'alice' }));
    book.place(sell(101n, 5n, { id: 'b', ownerId: 'bob' }));
    const r = book.place(buy(101n, 4n, { id: 't', ownerId: 'carol' }));
    expect(r.fills).toEqual([
      { makerOrderId: 'a', takerOrderId: 't', makerOwnerId: 'alice', takerOwnerId: 'carol', takerSide: Side.BUY, price: 100n, quantity: 2n, makerRemaining: 0n, makerFilled: true },
      { makerOrderId: 'b', takerOrderId: 't', makerOwnerId: 'bob', takerOwnerId: 'carol', takerSide: Side.BUY, price: 101n, quantity: 2n, makerRemaining: 3n, makerFilled: false },
    ]);
  });

  describe('partial fills', () => {
    it('rests the taker remainder at its limit as PARTIALLY_FILLED', () => {
      book.place(sell(100n, 3n));
      const r = book.place(buy(100n, 10n, { id: 't' }));
      expect(r.order).toMatchObject({ status: OrderStatus.PARTIALLY_FILLED, filled: 3n, remaining: 7n });
      expect(book.bestBid()).toEqual({ price: 100n, quantity: 7n, orders: 1 });
      expect(book.get('t')).toMatchObject({ status: OrderStatus.PARTIALLY_FILLED, filled: 3n, remaining: 7n });
    });

    it('keeps a partly filled maker at the head of its level', () => {
      book.place(sell(100n, 10n, { id: 'm1' }));
      book.place(sell(100n, 10n, { id: 'm2' }));
      book.place(buy(100n, 4n));
      expect(book.get('m1')).toMatchObject({ status: OrderStatus.PARTIALLY_FILLED, filled: 4n, remaining: 6n });
      expect(idsAt(book, 'asks', 100n)).toEqual(['m1', 'm2']);
      expect(trades(book.place(buy(100n, 7n)))).toEqual([
        ['m1', 100n, 6n],
        ['m2', 100n, 1n],
      ]);
    });
  });

  it('IOC: trades what it can and expires the rest without resting', () => {
    book.place(sell(100n, 2n));
    book.place(sell(103n, 2n));
    const r = book.place(buy(101n, 5n, { timeInForce: TimeInForce.IOC }));
    expect(trades(r).map(([, p, q]) => [p, q])).toEqual([[100n, 2n]]);
    expect(r.order).toMatchObject({ status: OrderStatus.EXPIRED, reason: OrderReason.IOC_REMAINDER, filled: 2n, remaining: 0n });
    expect(book.bestBid()).toBeNull();
  });

  describe('FOK', () => {
    it('fills across levels when the whole quantity is there', () => {
      book.place(sell(100n, 2n));
      book.place(sell(101n, 3n));
      const r = book.place(buy(101n, 5n, { timeInForce: TimeInForce.FOK }));
      expect(r.order).toMatchObject({ status: OrderStatus.FILLED, filled: 5n });
      expect(book.bestAsk()).toBeNull();
    });

    it('changes nothing when it cannot fill in full', () => {
      book.place(sell(100n, 2n));
      book.place(sell(101n, 2n));
      book.place(sell(102n, 9n));
      const before = book.snapshot();
      const r = book.place(buy(101n, 5n, { timeInForce: TimeInForce.FOK }));
      expect(r.order).toMatchObject({ status: OrderStatus.EXPIRED, reason: OrderReason.FOK_NOT_FILLABLE, filled: 0n });
      expect(r.fills).toEqual([]);
      expect(r.deltas).toEqual([]);
      expect(r.seq).toBe(before.seq);
      expect(book.snapshot()).toEqual(before);
    });

    it('is not fillable when its own resting order stands in the way (self-trade prevention)', () => {
      book.place(sell(100n, 2n, { ownerId: 'other' }));
      book.place(sell(100n, 2n, { ownerId: 'me' }));
      book.place(sell(100n, 5n, { ownerId: 'other' }));
      const before = book.snapshot();
      const r = book.place(buy(100n, 4n, { ownerId: 'me', timeInForce: TimeInForce.FOK }));
      expect(r.order?.status).toBe(OrderStatus.EXPIRED);
      expect(book.snapshot()).toEqual(before);
    });
  });

  describe('POST_ONLY', () => {
    it('is rejected when it would take, and the book is unchanged', () => {
      book.place(sell(100n, 1n));
      const before = book.snapshot();
      const r = book.place(buy(100n, 1n, { timeInForce: TimeInForce.POST_ONLY }));
      expect(r.rejected).toBe(OrderReason.POST_ONLY_WOULD_TAKE);
      expect(r.order).toMatchObject({ status: OrderStatus.REJECTED, reason: OrderReason.POST_ONLY_WOULD_TAKE });
      expect(book.snapshot()).toEqual(before);
    });

    it('rests when it does not cross', () => {
      book.place(sell(100n, 1n));
      const r = book.place(buy(99n, 1n, { timeInForce: TimeInForce.POST_ONLY, id: 'p' }));
      expect(r.order?.status).toBe(OrderStatus.NEW);
      expect(book.bestBid()?.price).toBe(99n);
    });
  });

  describe('self-trade prevention (expire taker)', () => {
    it('expires the taker at its own resting order; fills before it stand, the maker stays', () => {
      book.place(sell(100n, 2n, { id: 'other1', ownerId: 'bob' }));
      book.place(sell(101n, 3n, { id: 'mine', ownerId: 'me' }));
      book.place(sell(101n, 3n, { id: 'other2', ownerId: 'bob' }));
      const r = book.place(buy(105n, 10n, { id: 't', ownerId: 'me' }));
      expect(trades(r)).toEqual([['other1', 100n, 2n]]);
      expect(r.order).toMatchObject({ status: OrderStatus.EXPIRED, reason: OrderReason.SELF_TRADE_PREVENTED, filled: 2n, remaining: 0n });
      expect(book.get('t')).toBeUndefined();
      expect(idsAt(book, 'asks', 101n)).toEqual(['mine', 'other2']);
    });

    it('applies to market orders too', () => {
      book.place(sell(100n, 2n, { ownerId: 'me' }));
      const r = book.place(buy(110n, 1n, { ownerId: 'me', type: OrderType.MARKET, timeInForce: TimeInForce.IOC }));
      expect(r.fills).toEqual([]);
      expect(r.order?.reason).toBe(OrderReason.SELF_TRADE_PREVENTED);
    });
  });

  describe('market orders', () => {
    it('never trades beyond the protection price and never rests', () => {
      book.place(sell(100n, 1n));
      book.place(sell(104n, 1n));
      book.place(sell(106n, 5n));
      const r = book.place(buy(105n, 10n, { type: OrderType.MARKET, timeInForce: TimeInForce.IOC }));
      expect(trades(r).map(([, p, q]) => [p, q])).toEqual([
        [100n, 1n],
        [104n, 1n],
      ]);
      expect(r.order).toMatchObject({ status: OrderStatus.CANCELED, reason: OrderReason.MARKET_REMAINDER, filled: 2n, remaining: 0n });
      expect(book.bestBid()).toBeNull();
      expect(book.bestAsk()?.price).toBe(106n);
    });

    it('sells down to the protection price', () => {
      book.place(buy(100n, 1n));
      book.place(buy(95n, 1n));
      const r = book.place(sell(96n, 5n, { type: OrderType.MARKET, timeInForce: TimeInForce.GTC }));
      expect(trades(r).map(([, p]) => p)).toEqual([100n]);
      expect(r.order?.status).toBe(OrderStatus.CANCELED);
    });

    it('is canceled with nothing filled on an empty side', () => {
      const r = book.place(buy(100n, 1n, { type: OrderType.MARKET, timeInForce: TimeInForce.IOC }));
      expect(r.order).toMatchObject({ status: OrderStatus.CANCELED, filled: 0n });
      expect(r.deltas).toEqual([]);
    });

    it('is FILLED when the book holds enough', () => {
      book.place(sell(100n, 5n));
      expect(book.place(buy(100n, 5n, { type: OrderType.MARKET, timeInForce: TimeInForce.IOC })).order?.status).toBe(OrderStatus.FILLED);
    });

    it('with FOK fills in full within the protection price or not at all', () => {
      book.place(sell(100n, 1n));
      book.place(sell(106n, 5n));
      const r = book.place(buy(105n, 2n, { type: OrderType.MARKET, timeInForce: TimeInForce.FOK }));
      expect(r.order?.reason).toBe(OrderReason.FOK_NOT_FILLABLE);
      expect(r.fills).toEqual([]);
    });

    it('rejects POST_ONLY', () => {
      expect(book.place(buy(100n, 1n, { type: OrderType.MARKET, timeInForce: TimeInForce.POST_ONLY })).rejected).toBe(OrderReason.INVALID_TIME_IN_FORCE);
    });
  });

  describe('validation', () => {
    it('rejects a duplicate live id, a non-positive quantity or price, with the book unchanged', () => {
      book.place(buy(100n, 1n, { id: 'x' }));
      const before = book.snapshot();
      expect(book.place(buy(99n, 1n, { id: 'x' })).rejected).toBe(OrderReason.DUPLICATE_ORDER_ID);
      expect(book.place(buy(99n, 0n)).rejected).toBe(OrderReason.INVALID_QUANTITY);
      expect(book.place(buy(0n, 1n)).rejected).toBe(OrderReason.INVALID_PRICE);
      expect(book.place(buy(-1n, 1n)).rejected).toBe(OrderReason.INVALID_PRICE);
      expect(book.snapshot()).toEqual(before);
    });
  });

  describe('cancel', () => {
    it('removes the order and reports the level at its new aggregate', () => {
      book.place(buy(100n, 2n, { id: 'a' }));
      book.place(buy(100n, 3n, { id: 'b' }));
      const r = book.cancel('a');
      expect(r.order).toMatchObject({ id: 'a', status: OrderStatus.CANCELED, reason: OrderReason.CANCELED_BY_REQUEST, remaining: 0n });
      expect(r.deltas).toEqual([{ side: Side.BUY, price: 100n, quantity: 3n }]);
      expect(book.get('a')).toBeUndefined();
      expect(book.cancel('b').deltas).toEqual([{ side: Side.BUY, price: 100n, quantity: 0n }]);
      expect(book.bestBid()).toBeNull();
    });

    it('answers ORDER_NOT_FOUND for an unknown or finished order', () => {
      book.place(sell(100n, 1n, { id: 'gone' }));
      book.place(buy(100n, 1n));
      const r = book.cancel('gone');
      expect(r).toMatchObject({ rejected: OrderReason.ORDER_NOT_FOUND, order: null, fills: [], deltas: [] });
    });

    it('unlinks from the middle of a level without disturbing the others', () => {
      for (const id of ['a', 'b', 'c', 'd']) book.place(sell(100n, 1n, { id }));
      book.cancel('b');
      book.cancel('d');
      expect(idsAt(book, 'asks', 100n)).toEqual(['a', 'c']);
      book.place(sell(100n, 1n, { id: 'e' }));
      expect(idsAt(book, 'asks', 100n)).toEqual(['a', 'c', 'e']);
    });
  });

  describe('amend', () => {
    beforeEach(() => {
      book.place(buy(100n, 5n, { id: 'a' }));
      book.place(buy(100n, 5n, { id: 'b' }));
    });

    it('keeps priority when only the quantity shrinks', () => {
      const r = book.amend('a', { quantity: 3n });
      expect(r.order).toMatchObject({ quantity: 3n, remaining: 3n, status: OrderStatus.NEW });
      expect(r.deltas).toEqual([{ side: Side.BUY, price: 100n, quantity: 8n }]);
      expect(idsAt(book, 'bids', 100n)).toEqual(['a', 'b']);
    });

    it('loses priority when the quantity grows', () => {
      book.amend('a', { quantity: 7n });
      expect(idsAt(book, 'bids', 100n)).toEqual(['b', 'a']);
      expect(book.bestBid()?.quantity).toBe(12n);
    });

    it('loses priority on a price change: back of the new level', () => {
      book.place(buy(101n, 1n, { id: 'c' }));
      book.amend('a', { price: 101n });
      expect(idsAt(book, 'bids', 101n)).toEqual(['c', 'a']);
      expect(idsAt(book, 'bids', 100n)).toEqual(['b']);
    });

    it('trades as a taker when the new price crosses, then rests the rest', () => {
      book.place(sell(102n, 2n, { id: 's' }));
      const r = book.amend('a', { price: 103n });
      expect(trades(r)).toEqual([['s', 102n, 2n]]);
      expect(r.order).toMatchObject({ price: 103n, filled: 2n, remaining: 3n, status: OrderStatus.PARTIALLY_FILLED });
      expect(book.bestBid()).toEqual({ price: 103n, quantity: 3n, orders: 1 });
    });

    it('refuses a POST_ONLY order a price that would take, leaving it as it was', () => {
      book.place(sell(102n, 2n));
      book.place(buy(90n, 1n, { id: 'p', timeInForce: TimeInForce.POST_ONLY }));
      const r = book.amend('p', { price: 102n });
      expect(r.rejected).toBe(OrderReason.POST_ONLY_WOULD_TAKE);
      expect(r.order).toMatchObject({ id: 'p', price: 90n, status: OrderStatus.NEW });
      expect(book.get('p')?.price).toBe(90n);
    });

    it('cancels the rest when the new quantity is at or below the filled part', () => {
      book.place(sell(100n, 3n));
      const r = book.amend('a', { quantity: 2n });
      expect(r.order).toMatchObject({ status: OrderStatus.CANCELED, reason: OrderReason.AMENDED_TO_FILLED, filled: 3n, remaining: 0n });
      expect(book.get('a')).toBeUndefined();
      expect(idsAt(book, 'bids', 100n)).toEqual(['b']);
      book.place(sell(100n, 2n));
      expect(book.amend('b', { quantity: 2n }).order).toMatchObject({ status: OrderStatus.CANCELED, reason: OrderReason.AMENDED_TO_FILLED, filled: 2n });
      expect(book.bestBid()).toBeNull();
    });

    it('keeps the filled part when the quantity shrinks above it', () => {
      book.place(sell(100n, 3n));
      const r = book.amend('a', { quantity: 4n });
      expect(r.order).toMatchObject({ quantity: 4n, filled: 3n, remaining: 1n, status: OrderStatus.PARTIALLY_FILLED });
      expect(idsAt(book, 'bids', 100n)).toEqual(['a', 'b']);
    });

    it('refuses an empty, invalid or unknown amend and accepts a no-op without deltas', () => {
      expect(book.amend('a', {}).rejected).toBe(OrderReason.INVALID_AMEND);
      expect(book.amend('a', { quantity: 0n }).rejected).toBe(OrderReason.INVALID_QUANTITY);
      expect(book.amend('a', { price: 0n }).rejected).toBe(OrderReason.INVALID_PRICE);
      expect(book.amend('zz', { price: 1n })).toMatchObject({ rejected: OrderReason.ORDER_NOT_FOUND, order: null });
      const seq = book.seq;
      const r = book.amend('a', { price: 100n, quantity: 5n });
      expect(r).toMatchObject({ rejected: null, deltas: [], seq });
      expect(idsAt(book, 'bids', 100n)).toEqual(['a', 'b']);
    });
  });

  describe('depth', () => {
    it('aggregates quantity and order count per level, best first, up to the asked number of levels', () => {
      book.place(buy(99n, 1n));
      book.place(buy(100n, 2n));
      book.place(buy(100n, 3n));
      book.place(buy(98n, 4n));
      book.place(sell(101n, 1n));
      book.place(sell(103n, 2n));
      book.place(sell(102n, 2n));
      book.place(sell(102n, 2n));
      const d = book.depth(2);
      expect(d.bids).toEqual([
        { price: 100n, quantity: 5n, orders: 2 },
        { price: 99n, quantity: 1n, orders: 1 },
      ]);
      expect(d.asks).toEqual([
        { price: 101n, quantity: 1n, orders: 1 },
        { price: 102n, quantity: 4n, orders: 2 },
      ]);
      expect(d.seq).toBe(book.seq);
      expect(book.depth(10).bids.map((l) => l.price)).toEqual([100n, 99n, 98n]);
    });
  });

  describe('deltas and seq', () => {
    it('gives one delta per touched level with its final aggregate, and 0 for a level that emptied', () => {
      book.place(sell(100n, 2n));
      book.place(sell(100n, 2n));
      book.place(sell(101n, 2n));
      book.place(sell(102n, 2n));
      const r = book.place(buy(101n, 5n));
      expect(r.deltas).toEqual([
        { side: Side.SELL, price: 100n, quantity: 0n },
        { side: Side.SELL, price: 101n, quantity: 1n },
      ]);
      const r2 = book.place(buy(102n, 4n));
      expect(r2.deltas).toEqual([
        { side: Side.SELL, price: 101n, quantity: 0n },
        { side: Side.SELL, price: 102n, quantity: 0n },
        { side: Side.BUY, price: 102n, quantity: 1n },
      ]);
    });

    it('bumps seq by one per pass that changed the book, never on a refusal', () => {
      expect(book.seq).toBe(0);
      expect(book.place(buy(100n, 1n, { id: 'a' })).seq).toBe(1);
      expect(book.place(buy(100n, 1n, { id: 'a' })).seq).toBe(1);
      expect(book.cancel('zz').seq).toBe(1);
      expect(book.place(buy(99n, 1n, { type: OrderType.MARKET, timeInForce: TimeInForce.IOC })).seq).toBe(1);
      expect(book.place(sell(100n, 1n)).seq).toBe(2);
    });
  });

  describe('load', () => {
    it('rebuilds the book in the given priority order, with partly filled orders', () => {
      book.place(buy(50n, 1n, { id: 'stale' }));
      const seq = book.seq;
      const count = book.load([
        { id: 'b1', ownerId: 'u', side: Side.BUY, price: 99n, quantity: 5n, filled: 2n, timeInForce: TimeInForce.GTC, sequence: 10 },
        { id: 'b2', ownerId: 'v', side: Side.BUY, price: 99n, quantity: 4n, filled: 0n, timeInForce: TimeInForce.POST_ONLY, sequence: 11 },
        { id: 'a1', ownerId: 'w', side: Side.SELL, price: 101n, quantity: 1n, filled: 0n, timeInForce: TimeInForce.GTC, sequence: 12 },
      ]);
      expect(count).toBe(3);
      expect(book.seq).toBe(seq + 1);
      expect(book.get('stale')).toBeUndefined();
      expect(book.get('b1')).toMatchObject({ remaining: 3n, filled: 2n, status: OrderStatus.PARTIALLY_FILLED, sequence: 10 });
      expect(book.depth(5)).toMatchObject({ bids: [{ price: 99n, quantity: 7n, orders: 2 }], asks: [{ price: 101n, quantity: 1n, orders: 1 }] });
      const r = book.place(sell(99n, 4n));
      expect(trades(r)).toEqual([
        ['b1', 99n, 3n],
        ['b2', 99n, 1n],
      ]);
      expect(r.order?.sequence).toBe(13);
    });

    it('throws on data no valid history produces, and leaves the book empty', () => {
      const crossed = [
        { id: 'b', ownerId: 'u', side: Side.BUY, price: 101n, quantity: 1n, filled: 0n, timeInForce: TimeInForce.GTC },
        { id: 'a', ownerId: 'u', side: Side.SELL, price: 100n, quantity: 1n, filled: 0n, timeInForce: TimeInForce.GTC },
      ];
      expect(() => book.load(crossed)).toThrow(expect.objectContaining({ code: OrderBookErrorCode.CROSSED_BOOK_ON_LOAD }));
      expect(book.size).toBe(0);
      const dup = [crossed[0], crossed[0]];
      expect(() => book.load(dup)).toThrow(OrderBookError);
      const done = [{ ...crossed[0], filled: 1n }];
      expect(() => book.load(done)).toThrow(expect.objectContaining({ code: OrderBookErrorCode.INVALID_RESTING_ORDER }));
      const ioc = [{ ...crossed[0], timeInForce: TimeInForce.IOC }];
      expect(() => book.load(ioc)).toThrow(expect.objectContaining({ code: OrderBookErrorCode.INVALID_RESTING_ORDER }));
    });
  });

  it('is deterministic: the same calls give the same results', () => {
    const run = () => {
      const b = new OrderBook('X');
      const out: unknown[] = [];
      out.push(b.place({ id: '1', ownerId: 'a', side: Side.SELL, type: OrderType.LIMIT, price: 100n, quantity: 3n, timeInForce: TimeInForce.GTC }));
      out.push(b.place({ id: '2', ownerId: 'b', side: Side.BUY, type: OrderType.LIMIT, price: 101n, quantity: 5n, timeInForce: TimeInForce.GTC }));
      out.push(b.amend('2', { price: 99n }));
      out.push(b.cancel('2'));
      return out;
    };
    expect(run()).toEqual(run());
  });
});
