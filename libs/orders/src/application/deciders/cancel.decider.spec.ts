import { UserAccountKind } from '@lib/wallet';
import { OrderStatus, Side } from '../../domain';
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

describe('decideCancel', () => {
  it('a cancel takes the order out of the book and releases all it holds', () => {
    const s = resting();
    const d = accepted(s.run(() => decideCancel(BTC, 'o1', s.market, s.facts)));
    expect(d.intents).toEqual([{ kind: 'RELEASE_ORDER_HOLD', symbol: 'BTC-USDT', orderId: 'o1', endedAs: OrderStatus.CANCELED, userId: 'alice', account: SPOT, asset: 'USDT', amount: 5_010_000_000n }]);
    expect(d.answer([])).toMatchObject({ kind: 'canceled', order: { id: 'o1', status: 'CANCELED', reason: 'CANCELED_BY_REQUEST' } });
    expect([s.book.size, s.open.size]).toEqual([0, 0]);
  });

  it('a cancel of an order that is not open answers not-open (the caller looks its status up)', () => {
    const s = resting();
    expect(accepted(s.run(() => decideCancel(BTC, 'nope', s.market, s.facts))).answer([])).toEqual({ kind: 'not-open', status: null });
  });
});
