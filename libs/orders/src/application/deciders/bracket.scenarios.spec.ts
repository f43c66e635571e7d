import { MarketSpec, Side } from '../../domain';
import { decidePerpPlace } from './place-perp.decider';
import { decideLeverage } from './position-settings.decider';
import { PERP, PerpScenario, dollars, perpLimit, refusal, usdt } from './testing/perp-scenario';
import { accepted } from './testing/scenario';

/*
 * The leverage bracket (docs/risk.md, "Pre-trade checks"): with maintenance
 * 0.4 % up to 50 000 USDT (125x) and 2.5 % beyond (20x), a position above
 * 20x may be worth at most 50 000 USDT; at 20x or less it has no limit.
 */
const TIERED: MarketSpec = {
  ...PERP,
  maintenanceMarginTiers: [
    { maxNotional: usdt(50_000n), rate: 4_000n },
    { maxNotional: null, rate: 25_000n },
  ],
};

function alice(): PerpScenario {
  return new PerpScenario({ alice: usdt(100_000n), bob: usdt(100_000n) });
}

describe('the leverage bracket', () => {
  it('refuses an order whose position would pass the bracket of the leverage, to the unit', () => {
    const s = alice();
    accepted(s.run((x) => decideLeverage(TIERED, 'alice', 30, x.market, x.facts)));
    // 1.0001 BTC at 50 000 = 50 005 USDT > 50 000.
    const e = refusal(s.run((x) => decidePerpPlace({ ...perpLimit('alice', Side.BUY, dollars(50_000n), 10_001n), spec: TIERED }, x.market, x.facts)));
    expect(e).toMatchObject({ code: 'POSITION_LIMIT_EXCEEDED', details: { leverage: 30, maxNotional: usdt(50_000n).toString(), notional: '50005000000' } });
    // 1 BTC = 50 000 exactly: taken (it rests); then one unit more on the same side is refused (valued at its price).
    accepted(s.run((x) => decidePerpPlace({ ...perpLimit('alice', Side.BUY, dollars(50_000n), 10_000n), spec: TIERED }, x.market, x.facts)));
    expect(refusal(s.run((x) => decidePerpPlace({ ...perpLimit('alice', Side.BUY, dollars(50_000n), 1n), spec: TIERED }, x.market, x.facts))).code).toBe('POSITION_LIMIT_EXCEEDED');
    // The other side only reduces what would be: taken.
    accepted(s.run((x) => decidePerpPlace({ ...perpLimit('alice', Side.SELL, dollars(60_000n), 5_000n), spec: TIERED }, x.market, x.facts)));
  });

  it('has no limit at 20x, and refuses raising the leverage past the bracket of the position', () => {
    const s = alice();
    accepted(s.run((x) => decideLeverage(TIERED, 'alice', 20, x.market, x.facts)));
    accepted(s.run((x) => decidePerpPlace({ ...perpLimit('bob', Side.SELL, dollars(50_000n), 20_000n), spec: TIERED }, x.market, x.facts)));
    // 2 BTC = 100 000 USDT at 20x: allowed.
    accepted(s.run((x) => decidePerpPlace({ ...perpLimit('alice', Side.BUY, dollars(50_000n), 20_000n), spec: TIERED }, x.market, x.facts)));
    expect(refusal(s.run((x) => decideLeverage(TIERED, 'alice', 21, x.market, x.facts))).code).toBe('POSITION_LIMIT_EXCEEDED');
    accepted(s.run((x) => decideLeverage(TIERED, 'alice', 10, x.market, x.facts)));
  });
});
