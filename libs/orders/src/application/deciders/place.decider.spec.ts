import { UserAccountKind } from '@lib/wallet';
import { OrderStatus, OrderType, Side, TimeInForce } from '../../domain';
import { decidePlace } from './place.decider';
import { Scenario, accepted, btc, limit, price, usdt } from './testing/scenario';

const SPOT = UserAccountKind.SPOT;
const hold = (userId: string, orderId: string, asset: string, amount: bigint) => ({ kind: 'HOLD_FOR_ORDER', orderId, userId, account: SPOT, asset, amount });

/**
 * One named scenario per trading case, with exact amounts: BTC-USDT, maker
 * 0.1%, taker 0.2% (see testing/scenario.ts). 0.1 BTC at 50,000 USDT is a
 * notional of 5,000 USDT; a buy holds it plus 0.2%.
 */
describe('decidePlace', () => {
  it('a limit buy that rests holds its notional plus the higher fee, and trades nothing', () => {
    const s = new Scenario({ alice: { usdt: usdt(6000n) } });
    const d = accepted(s.run(() => decidePlace(limit('alice', Side.BUY, price(50_000n), 1000n), s.market, s.facts)));
    expect(d.intents).toEqual([hold('alice', 'o1', 'USDT', 5_010_000_000n)]);
    expect(d.passes).toEqual([{ result: expect.objectContaining({ seq: 1 }), trades: [] }]);
    expect(d.orders.map(({ order, isNew }) => [order.state.id, order.state.status, order.state.holdRemaining, isNew])).toEqual([['o1', OrderStatus.NEW, 5_010_000_000n, true]]);
    expect(s.open.has('o1')).toBe(true);
    expect(d.answer([])).toMatchObject({ kind: 'placed', order: { id: 'o1', status: 'NEW', price: '50000.00', quantity: '0.1000', fills: [] } });
    // The hold is spent from the batch's funds: what the next command sees.
    expect(s.facts.shortfall({ userId: 'alice', account: SPOT, asset: 'USDT' }, usdt(1000n) - 10_000_000n)).toBeNull();
    expect(s.facts.shortfall({ userId: 'alice', account: SPOT, asset: 'USDT' }, usdt(1000n) - 10_000_000n + 1n)).toMatchObject({ code: 'INSUFFICIENT_BALANCE' });
  });

  it('a buy crossing a resting ask fills at the maker price, pays the taker fee, and releases its change in the settlement', () => {
    const s = new Scenario({ alice: { usdt: usdt(6000n) }, bob: { btc: btc(1n) } });
    accepted(s.run(() => decidePlace(limit('bob', Side.SELL, price(49_000n), 1000n), s.market, s.facts)));
    const d = accepted(s.run(() => decidePlace(limit('alice', Side.BUY, price(50_000n), 1000n), s.market, s.facts)));
    const [pass] = d.passes;
    expect(pass!.trades).toEqual([
      expect.objectContaining({ price: price(49_000n), quantity: 1000n, quote: 4_900_000_000n, takerSide: Side.BUY, makerOrderId: 'o1', takerOrderId: 'o2', makerFee: 4_900_000n, takerFee: 9_800_000n }),
    ]);
    // 5,010 held; 4,900 + 9.8 fee spent; 100.2 back.
    expect(pass!.settlement).toEqual({
      kind: 'SETTLE_SPOT_TRADES',
      symbol: 'BTC-USDT',
      orderId: 'o2',
      base: 'BTC',
      quote: 'USDT',
      trades: [{ buyerId: 'alice', sellerId: 'bob', base: 10_000_000n, quote: 4_900_000_000n, buyerFee: 9_800_000n, sellerFee: 4_900_000n }],
      releases: [{ userId: 'alice', asset: 'USDT', amount: 100_200_000n }],
    });
    expect(d.intents).toEqual([hold('alice', 'o2', 'USDT', 5_010_000_000n)]);
    expect(d.orders.map(({ order }) => [order.state.id, order.state.status, order.state.holdRemaining, order.state.feePaid])).toEqual([
      ['o2', OrderStatus.FILLED, 0n, 9_800_000n],
      ['o1', OrderStatus.FILLED, 0n, 4_900_000n],
    ]);
    expect(s.open.size).toBe(0);
  });

  it('a sell that fills part of a resting bid rests the rest, holding exactly its base', () => {
    const s = new Scenario({ alice: { usdt: usdt(6000n) }, bob: { btc: btc(1n) } });
    accepted(s.run(() => decidePlace(limit('alice', Side.BUY, price(50_000n), 400n), s.market, s.facts)));
    const d = accepted(s.run(() => decidePlace(limit('bob', Side.SELL, price(50_000n), 1000n), s.market, s.facts)));
    expect(d.passes[0]!.trades.map((t) => [t.quantity, t.quote, t.makerFee, t.takerFee])).toEqual([[400n, 2_000_000_000n, 2_000_000n, 4_000_000n]]);
    const [sell, bid] = d.orders.map(({ order }) => order.state);
    expect([sell!.status, sell!.filledQuantity, sell!.holdRemaining]).toEqual([OrderStatus.PARTIALLY_FILLED, 400n, 6_000_000n]);
    // The bid held 2,000 + 0.2% and paid the 0.1% maker fee: its change (2 USDT) is released.
    expect([bid!.status, bid!.holdRemaining]).toEqual([OrderStatus.FILLED, 0n]);
    expect(d.passes[0]!.settlement!.releases).toEqual([{ userId: 'alice', asset: 'USDT', amount: 2_000_000n }]);
    expect([...s.open.keys()]).toEqual(['o2']);
  });

  it('an IOC that meets nothing expires and releases its whole hold on its own', () => {
    const s = new Scenario({ alice: { usdt: usdt(6000n) } });
    const d = accepted(s.run(() => decidePlace(limit('alice', Side.BUY, price(50_000n), 1000n, { timeInForce: TimeInForce.IOC }), s.market, s.facts)));
    expect(d.orders[0]!.order.state).toMatchObject({ status: OrderStatus.EXPIRED, holdRemaining: 0n });
    expect(d.intents).toEqual([
      hold('alice', 'o1', 'USDT', 5_010_000_000n),
      { kind: 'RELEASE_ORDER_HOLD', symbol: 'BTC-USDT', orderId: 'o1', endedAs: OrderStatus.EXPIRED, userId: 'alice', account: SPOT, asset: 'USDT', amount: 5_010_000_000n },
    ]);
    expect(d.passes[0]!.trades).toEqual([]);
  });

  it('a MARKET buy holds what the book can fill up to its protection price, plus the taker fee, and spends it to the unit', () => {
    const s = new Scenario({ alice: { usdt: usdt(6000n) }, bob: { btc: btc(1n) } });
    accepted(s.run(() => decidePlace(limit('bob', Side.SELL, price(49_000n), 500n), s.market, s.facts)));
    accepted(s.run(() => decidePlace(limit('bob', Side.SELL, price(49_500n), 500n), s.market, s.facts)));
    const market = limit('alice', Side.BUY, price(75_000n), 1000n, { type: OrderType.MARKET, timeInForce: TimeInForce.IOC, hold: null });
    const d = accepted(s.run(() => decidePlace(market, s.market, s.facts)));
    // 2,450 + 2,475 = 4,925 USDT, + 9.85 fee.
    expect(d.intents).toEqual([hold('alice', 'o3', 'USDT', 4_934_850_000n)]);
    expect(d.passes[0]!.trades.map((t) => [t.price, t.takerFee])).toEqual([
      [price(49_000n), 4_900_000n],
      [price(49_500n), 4_950_000n],
    ]);
    expect(d.passes[0]!.settlement!.releases).toEqual([]);
    expect(d.orders[0]!.order.state).toMatchObject({ status: OrderStatus.FILLED, holdRemaining: 0n, price: null });
  });

  it.each([
    ['funds short by one unit', { alice: { usdt: 5_010_000_000n - 1n } }, {}, limit('alice', Side.BUY, price(50_000n), 1000n), 'INSUFFICIENT_BALANCE'],
    ['at the open-order limit', { alice: { usdt: usdt(6000n) } }, { openCounts: { alice: 10 } }, limit('alice', Side.BUY, price(50_000n), 1000n), 'TOO_MANY_OPEN_ORDERS'],
    ['a suspended account', { alice: { usdt: usdt(6000n) } }, { suspended: ['alice'] }, limit('alice', Side.BUY, price(50_000n), 1000n), 'ACCOUNT_SUSPENDED'],
  ])('refuses %s, leaving the book, the memory and the funds as they were', (_name, funds, options, order, code) => {
    const s = new Scenario(funds, options);
    const d = s.run(() => decidePlace(order, s.market, s.facts));
    expect(d).toMatchObject({ kind: 'refused', error: { code } });
    expect([s.book.seq, s.book.size, s.open.size, s.market.changed]).toEqual([0, 0, 0, false]);
  });

  it('lets a user at the open-order limit trade out with an IOC (only orders that can rest count)', () => {
    const s = new Scenario({ alice: { usdt: usdt(6000n) } }, { openCounts: { alice: 10 } });
    expect(s.run(() => decidePlace(limit('alice', Side.BUY, price(50_000n), 1000n, { timeInForce: TimeInForce.IOC }), s.market, s.facts)).kind).toBe('accepted');
  });

  it('refuses a POST_ONLY that would take before the book changes (the engine holds the rule)', () => {
    const s = new Scenario({ alice: { usdt: usdt(6000n) }, bob: { btc: btc(1n) } });
    accepted(s.run(() => decidePlace(limit('bob', Side.SELL, price(49_000n), 1000n), s.market, s.facts)));
    const d = s.run(() => decidePlace(limit('alice', Side.BUY, price(50_000n), 1000n, { timeInForce: TimeInForce.POST_ONLY }), s.market, s.facts));
    expect(d).toMatchObject({ kind: 'refused', error: { code: 'POST_ONLY_WOULD_TAKE' } });
    expect([s.book.seq, s.book.size]).toEqual([1, 1]);
  });

  it('refuses a pass that would fill a suspended account\'s resting order, after the book changed (the runner rolls it back)', () => {
    const s = new Scenario({ alice: { usdt: usdt(6000n) }, bob: { btc: btc(1n) } });
    accepted(s.run(() => decidePlace(limit('bob', Side.SELL, price(49_000n), 1000n), s.market, s.facts)));
    s.suspended.add('bob');
    const seq = s.book.seq;
    const d = decidePlace(limit('alice', Side.BUY, price(50_000n), 1000n), s.market, s.facts);
    expect(d).toMatchObject({ kind: 'refused', error: { code: 'MARKET_BUSY' } });
    expect(s.book.seq).not.toBe(seq);
  });

  it('answers a clientOrderId that names the same order with it, and refuses another order under it', () => {
    const named = new Scenario({ alice: { usdt: usdt(6000n) } });
    const first = accepted(named.run(() => decidePlace(limit('alice', Side.BUY, price(50_000n), 1000n, { clientOrderId: 'c1' }), named.market, named.facts)));
    const existing = first.orders[0]!.order;
    const s = new Scenario({ alice: { usdt: usdt(6000n) } }, { named: new Map([['alice:c1', existing]]) });
    const same = accepted(s.run(() => decidePlace(limit('alice', Side.BUY, price(50_000n), 1000n, { clientOrderId: 'c1' }), s.market, s.facts)));
    expect([same.orders, same.intents, same.passes, same.answer([])]).toEqual([[], [], [], { kind: 'repeat', existing: existing.state }]);
    const other = s.run(() => decidePlace(limit('alice', Side.BUY, price(50_000n), 1000n, { clientOrderId: 'c1', sameAs: () => false }), s.market, s.facts));
    expect(other).toMatchObject({ kind: 'refused', error: { code: 'CLIENT_ORDER_ID_CONFLICT' } });
  });
});
