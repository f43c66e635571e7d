import { OrderSide, OrderType } from '../../../domain';
import { PlaceOrderOutcome, PlacedOrderView } from '../../views';
import { flightOf, sharedAnswer } from './order-repeats';
import { PlaceOrderCommand } from './place-order.command';

const order = { id: 'o1', symbol: 'BTC-USDT', status: 'NEW', fills: [] } as unknown as PlacedOrderView;
const placed: PlaceOrderOutcome = { kind: 'placed', result: { created: true, order } };
const input = { userId: 'u1', symbol: 'BTC-USDT', side: OrderSide.BUY, type: OrderType.LIMIT, quantity: '0.001', price: '65000' };

describe('sharedAnswer: a duplicate answered from the first command', () => {
  it('is a repeat (200, created: false) without a key, the first answer replayed with one', () => {
    expect(sharedAnswer({ ok: true, value: placed }, false)).toEqual({ kind: 'placed', result: { created: false, order } });
    expect(sharedAnswer({ ok: true, value: placed }, true)).toEqual({ kind: 'replayed', statusCode: 201, body: JSON.stringify(order) });
    const repeat: PlaceOrderOutcome = { kind: 'placed', result: { created: false, order } };
    expect(sharedAnswer({ ok: true, value: repeat }, true)).toEqual({ kind: 'replayed', statusCode: 200, body: JSON.stringify(order) });
  });

  it('passes a replay or a reused key through, and shares a refusal', () => {
    const replayed: PlaceOrderOutcome = { kind: 'replayed', statusCode: 201, body: '{}' };
    expect(sharedAnswer({ ok: true, value: replayed }, true)).toBe(replayed);
    expect(sharedAnswer({ ok: true, value: { kind: 'key-reused' } }, true)).toEqual({ kind: 'key-reused' });
    const refusal = new Error('INSUFFICIENT_BALANCE');
    expect(() => sharedAnswer({ ok: false, error: refusal }, false)).toThrow(refusal);
  });
});

describe('flightOf', () => {
  it('keys a command by its user\'s clientOrderId and Idempotency-Key; the same body in another key order is the same request', () => {
    const keyed = new PlaceOrderCommand({ ...input, clientOrderId: 'c1' }, { key: 'k1', requestHash: 'h' });
    expect(flightOf(keyed).keys).toEqual(['clientOrderId:u1:c1', 'idempotency:u1:k1']);
    expect(flightOf(new PlaceOrderCommand(input)).keys).toEqual([]);
    const reordered = new PlaceOrderCommand({ clientOrderId: 'c1', price: '65000', quantity: '0.001', type: OrderType.LIMIT, side: OrderSide.BUY, symbol: 'BTC-USDT', userId: 'u1' }, { requestHash: 'h', key: 'k1' });
    expect(flightOf(reordered).fingerprint).toBe(flightOf(keyed).fingerprint);
    expect(flightOf(new PlaceOrderCommand({ ...input, clientOrderId: 'c1', price: '65001' })).fingerprint).not.toBe(flightOf(new PlaceOrderCommand({ ...input, clientOrderId: 'c1' })).fingerprint);
  });
});
