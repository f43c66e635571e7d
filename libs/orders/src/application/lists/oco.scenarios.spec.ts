import { ListKind, ListRole, ListStatus, OrderStatus, OrderType, Side, TimeInForce, TriggerBy, TriggerKind } from '../../domain';
import { decideTrigger } from '../deciders';
import { BTC, Scenario, accepted, limit, price, qty } from '../deciders/testing/scenario';
import { decidePlaceList } from './decide-place-list';
import { StoredList } from './order-list';

const list: StoredList = { id: 'L1', userId: 'alice', symbol: BTC.symbol, kind: ListKind.OCO, status: ListStatus.EXECUTING, clientListId: null, pending: null, createdAt: new Date(0), updatedAt: new Date(0) };
const stop = { kind: TriggerKind.STOP, by: TriggerBy.MARK, price: price(90n), callbackPpm: null, activationPrice: null, closePosition: false, anchor: null, triggeredAt: null };

/** A spot OCO sell of 1.0000 BTC: a POST_ONLY limit at 110 and a stop at 90 (BTC-USDT of the scenario harness, taker 0.2 %). */
function oco(s: Scenario) {
  const legs = [
    limit('alice', Side.SELL, price(110n), qty(10_000n), { timeInForce: TimeInForce.POST_ONLY, listId: 'L1', listRole: ListRole.LEG }),
    limit('alice', Side.SELL, price(90n), qty(10_000n), { type: OrderType.MARKET, timeInForce: TimeInForce.IOC, limit: price(50n), trigger: stop, listId: 'L1', listRole: ListRole.LEG }),
  ];
  return accepted(s.run(() => decidePlaceList(list, legs, async () => null, s.market, s.facts)));
}

describe('OCO on spot: one hold for two legs', () => {
  it('holds the base once: the limit in full, the stop nothing beyond it', () => {
    const s = new Scenario({ alice: { btc: 100_000_000n } });
    const placed = oco(s);
    expect(placed.intents).toEqual([expect.objectContaining({ kind: 'HOLD_FOR_ORDER', asset: 'BTC', amount: 100_000_000n })]);
    expect(placed.orders.map((o) => [o.order.state.status, o.order.state.holdRemaining])).toEqual([
      [OrderStatus.NEW, 100_000_000n],
      [OrderStatus.UNTRIGGERED, 0n],
    ]);
  });

  it('a triggered stop cancels the limit and takes over its hold before it sells', () => {
    const s = new Scenario({ alice: { btc: 100_000_000n }, carl: { usdt: 1_000_000_000n } });
    const placed = oco(s);
    const stopId = placed.orders[1]!.order.state.id;
    accepted(s.run(() => decidePlaceList({ ...list, id: 'x' }, [limit('carl', Side.BUY, price(85n), qty(10_000n))], async () => null, s.market, s.facts)));
    const fired = accepted(s.run(() => decideTrigger(BTC, { orderId: stopId, price: price(89n), anchor: null, mark: price(89n) }, s.market, s.facts, 10)));
    // The hold moves from the limit's row to the stop's: nothing to post, the account's BTC stays locked for the sale.
    expect(fired.intents).toEqual([]);
    const states = fired.orders.map((o) => [o.order.state.type, o.order.state.status, o.order.state.reason]);
    expect(states).toEqual([
      [OrderType.LIMIT, OrderStatus.CANCELED, 'LINKED_ORDER_TRIGGERED'],
      [OrderType.MARKET, OrderStatus.FILLED, null],
      [OrderType.LIMIT, OrderStatus.FILLED, null],
    ]);
    expect(fired.orders.map((o) => o.order.state.holdRemaining)).toEqual([0n, 0n, expect.any(BigInt)]);
    const settlement = fired.passes.find((p) => p.settlement)!.settlement!;
    expect(settlement).toMatchObject({ kind: 'SETTLE_SPOT_TRADES', trades: [{ sellerId: 'alice', base: 100_000_000n, quote: 85_000_000n }] });
  });
});
