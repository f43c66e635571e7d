import { Side } from '../../domain';
import { decideCancelAll } from './cancel.decider';
import { decidePlace } from './place.decider';
import { BTC, Scenario, accepted, btc, limit, price, usdt } from './testing/scenario';

/** alice rests a buy of 0.1 BTC at 50,000 (holding 5,010 USDT); bob has BTC to sell. */
function resting(funds = usdt(6000n)) {
  const s = new Scenario({ alice: { usdt: funds }, bob: { btc: btc(1n) } });
  accepted(s.run(() => decidePlace(limit('alice', Side.BUY, price(50_000n), 1000n), s.market, s.facts)));
  return s;
}

describe('decideCancelAll', () => {
  it('cancel-all ends every open order of the user in the market, with the given reason, one release each', () => {
    const s = resting(usdt(20_000n));
    accepted(s.run(() => decidePlace(limit('alice', Side.BUY, price(49_000n), 1000n), s.market, s.facts)));
    accepted(s.run(() => decidePlace(limit('bob', Side.SELL, price(60_000n), 1000n), s.market, s.facts)));
    const d = accepted(s.run(() => decideCancelAll(BTC, 'alice', 'ACCOUNT_SUSPENDED', s.market, s.facts)));
    expect(d.intents.map((i) => (i.kind === 'RELEASE_ORDER_HOLD' ? [i.orderId, i.amount] : i.kind))).toEqual([
      ['o1', 5_010_000_000n],
      ['o2', 4_909_800_000n],
    ]);
    expect(d.answer([]).map((o) => [o.id, o.status, o.reason])).toEqual([
      ['o1', 'CANCELED', 'ACCOUNT_SUSPENDED'],
      ['o2', 'CANCELED', 'ACCOUNT_SUSPENDED'],
    ]);
    expect([...s.open.keys()]).toEqual(['o3']);
  });

  it('a user with nothing open in the market: nothing to write, nothing canceled', () => {
    const s = resting();
    const d = accepted(s.run(() => decideCancelAll(BTC, 'bob', undefined, s.market, s.facts)));
    expect([d.orders, d.intents, d.passes, d.answer([])]).toEqual([[], [], [], []]);
    expect([...s.open.keys()]).toEqual(['o1']);
  });
});
