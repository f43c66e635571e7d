import { UserAccountKind } from '@lib/wallet';
import { OrderStatus, Side } from '../../domain';
import { decideAmend } from './amend.decider';
import { decideCancel } from './cancel.decider';
import { decidePlace } from './place.decider';
import { BTC, Scenario, accepted, btc, limit, price, usdt } from './testing/scenario';

const SPOT = UserAccountKind.SPOT;

/** alice rests a buy of 0.1 BTC at 50,000 (holding 5,010 USDT); bob has BTC to sell. */
function resting(funds = usdt(6000n)) {
  const s = new Scenario({ alice: { usdt: funds }, bob: { btc: btc(1n) } });
  accepted(s.run(() => decidePlace(limit('alice', Side.BUY, price(50_000n), 1000n), s.market, s.facts)));
  return s;
}

describe('decideAmend', () => {
  it('a lower price releases the difference of the hold, at once, and the order loses nothing else', () => {
    const s = resting();
    const d = accepted(s.run(() => decideAmend({ spec: BTC, orderId: 'o1', price: price(40_000n), mark: price(50_000n) }, s.market, s.facts)));
    // 4,000 + 0.2% = 4,008 held now: 1,002 released.
    expect(d.intents).toEqual([{ kind: 'CHANGE_ORDER_HOLD', orderId: 'o1', changeId: 'o2', userId: 'alice', account: SPOT, asset: 'USDT', change: -1_002_000_000n }]);
    expect(d.orders[0]!.order.state).toMatchObject({ price: price(40_000n), holdRemaining: 4_008_000_000n, status: OrderStatus.NEW });
    expect(d.answer([])).toMatchObject({ kind: 'amended', order: { price: '40000.00' } });
    // The memory holds the amended copy; the order the batch started with is untouched.
    expect(s.open.get('o1')!.state.price).toBe(price(40_000n));
  });

  it('a bigger quantity needs the added hold to be covered', () => {
    const s = resting(usdt(6000n));
    const d = s.run(() => decideAmend({ spec: BTC, orderId: 'o1', quantity: 2000n, mark: null }, s.market, s.facts));
    expect(d).toMatchObject({ kind: 'refused', error: { code: 'INSUFFICIENT_BALANCE' } });
    expect(s.book.seq).toBe(1);
  });

  it('a change that changes nothing is answered as the order is: no intent, nothing written', () => {
    const s = resting();
    const d = accepted(s.run(() => decideAmend({ spec: BTC, orderId: 'o1', price: price(50_000n), mark: null }, s.market, s.facts)));
    expect([d.orders, d.intents, d.passes]).toEqual([[], [], []]);
    expect(d.answer([])).toMatchObject({ kind: 'amended', order: { id: 'o1', price: '50000.00' } });
  });

  it('a new price that crosses trades at once, the hold change posted before the settlement', () => {
    const s = resting();
    accepted(s.run(() => decidePlace(limit('bob', Side.SELL, price(55_000n), 1000n), s.market, s.facts)));
    const d = accepted(s.run(() => decideAmend({ spec: BTC, orderId: 'o1', price: price(55_000n), mark: price(50_000n) }, s.market, s.facts)));
    // 5,500 + 0.2% = 5,511 held: 501 more. Filled as taker at 55,000: 5,500 + 11 fee, nothing left.
    expect(d.intents).toEqual([{ kind: 'CHANGE_ORDER_HOLD', orderId: 'o1', changeId: 'o3', userId: 'alice', account: SPOT, asset: 'USDT', change: 501_000_000n }]);
    expect(d.passes[0]!.settlement).toMatchObject({ trades: [{ buyerId: 'alice', sellerId: 'bob', quote: 5_500_000_000n, buyerFee: 11_000_000n, sellerFee: 5_500_000n }], releases: [] });
  });

  it.each([
    ['outside the band', { price: price(80_000n), mark: price(50_000n) }, 'PRICE_OUT_OF_BAND'],
    ['a new price with no mark', { price: price(45_000n), mark: null }, 'NO_MARK_PRICE'],
    ['a total not above what filled', { quantity: 0n, mark: null }, 'INVALID_AMEND'],
  ])('refuses %s without touching the book', (_name, change, code) => {
    const s = resting();
    const d = s.run(() => decideAmend({ spec: BTC, orderId: 'o1', ...change }, s.market, s.facts));
    expect(d).toMatchObject({ kind: 'refused', error: { code } });
    expect(s.book.seq).toBe(1);
  });

  it('answers not-open for an order an earlier command ended, with its status', () => {
    const s = resting();
    accepted(s.run(() => decideCancel(BTC, 'o1', s.market, s.facts)));
    expect(accepted(s.run(() => decideAmend({ spec: BTC, orderId: 'o1', price: price(1n), mark: null }, s.market, s.facts))).answer([])).toEqual({ kind: 'not-open', status: OrderStatus.CANCELED });
  });
});

