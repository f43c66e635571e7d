import { OrderStatus, OrderType, OrdersError, OrdersErrorCode, Side, TimeInForce, TriggerBy, TriggerKind } from '../../domain';
import { BTC, Scenario, accepted, limit, price, qty } from './testing/scenario';
import { decidePlace } from './place.decider';
import { coveredPrice, decideTrigger } from './trigger.decider';

const stopAt = (p: bigint) => ({ kind: TriggerKind.STOP, by: TriggerBy.MARK, price: p, callbackPpm: null, activationPrice: null, closePosition: false, anchor: null, triggeredAt: null });

/** Alice's spot stop-loss: sell 1.0000 BTC when the mark falls to 90 (BTC-USDT of the harness, taker 0.2 %); Bob bids 1.0000 at 85. */
function setup() {
  const s = new Scenario({ alice: { btc: 100_000_000n }, bob: { usdt: 1_000_000_000n } });
  const stop = accepted(s.run(() => decidePlace(limit('alice', Side.SELL, price(90n), qty(10_000n), { type: OrderType.MARKET, timeInForce: TimeInForce.IOC, limit: price(50n), trigger: stopAt(price(90n)) }), s.market, s.facts)));
  accepted(s.run(() => decidePlace(limit('bob', Side.BUY, price(85n), qty(10_000n)), s.market, s.facts)));
  return { s, id: stop.orders[0]!.order.state.id };
}

describe('decideTrigger', () => {
  it('waits while the price has not reached the trigger: nothing changes', () => {
    const { s, id } = setup();
    const d = accepted(s.run(() => decideTrigger(BTC, { orderId: id, price: price(91n), anchor: null, mark: price(91n) }, s.market, s.facts, 10)));
    expect(d.answer([])).toEqual({ kind: 'not-reached' });
    expect(d.orders).toEqual([]);
    expect(s.market.untriggeredOrder(id)?.state.status).toBe(OrderStatus.UNTRIGGERED);
  });

  it('triggers once: the same order, FILLED at 85, then a second proposal finds it gone and changes nothing', () => {
    const { s, id } = setup();
    const first = accepted(s.run(() => decideTrigger(BTC, { orderId: id, price: price(90n), anchor: null, mark: price(90n) }, s.market, s.facts, 10)));
    expect(first.answer([])).toEqual({ kind: 'triggered', status: OrderStatus.FILLED });
    const order = first.orders.find((o) => o.order.state.id === id)!;
    expect(order).toMatchObject({ isNew: false });
    expect(order.order.state).toMatchObject({ status: OrderStatus.FILLED, filledQuantity: 10_000n, takerQuote: 85_000_000n, feePaid: 170_000n, holdRemaining: 0n });
    expect(order.order.state.trigger!.triggeredAt).toEqual(new Date('2026-12-06T00:00:00Z'));
    const second = accepted(s.run(() => decideTrigger(BTC, { orderId: id, price: price(89n), anchor: null, mark: price(89n) }, s.market, s.facts, 10)));
    expect(second.answer([])).toEqual({ kind: 'gone' });
    expect(second.orders).toEqual([]);
  });

  it('a refusal at the trigger ends it EXPIRED with the code and releases what it held', () => {
    const { s, id } = setup();
    const refusal = new OrdersError(OrdersErrorCode.PRICE_OUT_OF_BAND, 'out of band');
    const d = accepted(s.run(() => decideTrigger(BTC, { orderId: id, price: price(90n), anchor: null, mark: price(90n), refusal }, s.market, s.facts, 10)));
    expect(d.answer([])).toEqual({ kind: 'ended', status: OrderStatus.EXPIRED, reason: 'PRICE_OUT_OF_BAND' });
    expect(d.intents).toEqual([expect.objectContaining({ kind: 'RELEASE_ORDER_HOLD', orderId: id, asset: 'BTC', amount: 100_000_000n, endedAs: 'EXPIRED' })]);
  });

  it('a MARKET-kind buy never trades above what its hold covers', () => {
    const s = new Scenario({ carl: { usdt: 1_000_000_000n } });
    // 1.0000 BTC held at 100 + the 0.2 % fee: 100.200000 USDT; covered up to 100.00 exactly.
    const placed = accepted(s.run(() => decidePlace(limit('carl', Side.BUY, price(100n), qty(10_000n), { type: OrderType.MARKET, timeInForce: TimeInForce.IOC, trigger: stopAt(price(90n)) }), s.market, s.facts)));
    const order = placed.orders[0]!.order;
    expect(order.state.holdRemaining).toBe(100_200_000n);
    expect(coveredPrice(BTC, order, qty(10_000n))).toBe(price(100n));
    expect(coveredPrice(BTC, order, qty(20_000n))).toBe(5_000n);
  });
});
