import { QueryBus } from '@nestjs/cqrs';
import { FixedClock } from '@lib/kernel';
import { CandleInterval, allocateHistory } from '@lib/market';
import { OutboxWriter, TransactionHost } from '@lib/platform';
import { TradingSignalsIndicators } from '../infrastructure/trading-signals-indicators';
import { SignalFiringRecord, SignalRepository, SignalRulePatch, SignalRuleRecord } from './ports';
import { SignalEvaluator } from './signal-evaluator';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 11, 1);

class MemoryRules extends SignalRepository {
  readonly rules: SignalRuleRecord[] = [];
  readonly firingRows: SignalFiringRecord[] = [];
  async lockUser(): Promise<void> {}
  async insert(r: SignalRuleRecord): Promise<void> { this.rules.push(r); }
  async countOfUser(userId: string): Promise<number> { return this.rules.filter((r) => r.userId === userId).length; }
  async ofUser(userId: string): Promise<SignalRuleRecord[]> { return this.rules.filter((r) => r.userId === userId); }
  async find(userId: string, id: string): Promise<SignalRuleRecord | null> { return this.rules.find((r) => r.userId === userId && r.id === id) ?? null; }
  async update(_u: string, _i: string, _p: SignalRulePatch): Promise<SignalRuleRecord | null> { return null; }
  async remove(): Promise<boolean> { return false; }
  async activeOn(symbol: string, interval: string): Promise<SignalRuleRecord[]> { return this.rules.filter((r) => r.active && r.symbol === symbol && r.interval === interval); }
  async recordFiring(f: SignalFiringRecord): Promise<boolean> {
    if (this.firingRows.some((x) => x.ruleId === f.ruleId && x.openTime.getTime() === f.openTime.getTime())) return false;
    this.firingRows.push(f);
    return true;
  }
  async firings(): Promise<SignalFiringRecord[]> { return []; }
}

/** History before the live candles: `closes` (whole units) one hour apart, ending the hour before `end`. */
function historyBus(closes: number[], end: number): QueryBus {
  return {
    execute: async () => {
      const h = allocateHistory('BTC-USDT', CandleInterval.H1, 2, closes.length);
      closes.forEach((c, i) => {
        h.openTime[i] = end - (closes.length - i) * HOUR;
        h.close[i] = BigInt(c * 100);
      });
      return h;
    },
  } as unknown as QueryBus;
}

function setup(conditions: { left: string; op: string; right: string }[], history: number[]) {
  const rules = new MemoryRules();
  const outbox: unknown[] = [];
  rules.rules.push({
    id: 'rule-1', userId: 'alice', name: 'r', symbol: 'BTC-USDT', interval: '1h', conditions, direction: 'UP', horizon: 3, active: true, version: 1,
    createdAt: new Date(T0), updatedAt: new Date(T0),
  });
  const tx = { withTransaction: (fn: () => Promise<unknown>) => fn() } as unknown as TransactionHost;
  const writer = { append: async (events: unknown[]) => void outbox.push(...events) } as unknown as OutboxWriter;
  const evaluator = new SignalEvaluator(rules, new TradingSignalsIndicators(), historyBus(history, T0), writer, tx, new FixedClock(new Date(T0)));
  let hour = 0;
  const close = async (price: string) => evaluator.onCandleClosed({ symbol: 'BTC-USDT', interval: '1h', openTime: T0 + HOUR * hour++, close: price });
  return { rules, outbox, close, evaluator };
}

describe('SignalEvaluator', () => {
  it('fires once per crossing of a level, never on the history, and delivers each firing once', async () => {
    // History ends below 100: no firing while warming up, even where it was above before.
    const { rules, outbox, close } = setup([{ left: 'CLOSE', op: 'CROSSES_ABOVE', right: '100' }], [120, 90, 95]);

    expect(await close('99.00')).toBe(0);
    expect(await close('101.00')).toBe(1); // crosses
    expect(await close('102.00')).toBe(0); // stays above
    expect(await close('98.00')).toBe(0); // back below
    expect(await close('100.00')).toBe(0); // touching is not above
    expect(await close('100.01')).toBe(1); // crosses again

    expect(rules.firingRows.map((f) => [f.openTime.getTime() - T0, f.close, f.priceScale])).toEqual([
      [HOUR, 10100n, 2],
      [5 * HOUR, 10001n, 2],
    ]);
    expect(outbox).toHaveLength(2);
    expect(outbox[0]).toMatchObject({ type: 'signals.SignalFired', payload: { version: 1, userId: 'alice', signalId: 'rule-1', close: '10100', priceScale: 2 } });
  });

  it('ignores a replayed or older candle (one firing per rule and candle)', async () => {
    const { rules, evaluator } = setup([{ left: 'CLOSE', op: 'ABOVE', right: '100' }], [90]);
    const candle = { symbol: 'BTC-USDT', interval: '1h', openTime: T0, close: '101.00' };

    expect(await evaluator.onCandleClosed(candle)).toBe(1);
    expect(await evaluator.onCandleClosed(candle)).toBe(0);
    expect(await evaluator.onCandleClosed({ ...candle, openTime: T0 - HOUR })).toBe(0);
    expect(rules.firingRows).toHaveLength(1);
  });

  it('a level fires when it comes to hold and again only after it stopped holding', async () => {
    const { close } = setup([{ left: 'CLOSE', op: 'BELOW', right: '50' }], [60]);
    const fired = [];
    for (const price of ['49', '48', '47', '51', '49', '49']) fired.push(await close(price));
    expect(fired).toEqual([1, 0, 0, 0, 1, 0]);
  });

  it('warms an indicator up from the history: SMA(3) crosses above SMA(5) on the live candle that makes it', async () => {
    // A falling history: SMA(3) below SMA(5); the live rise makes the short one cross above.
    const { close } = setup([{ left: 'SMA(3)', op: 'CROSSES_ABOVE', right: 'SMA(5)' }], [110, 108, 106, 104, 102, 100]);
    // SMA(3)=(102+100+101)/3=101 vs SMA(5)=(106+104+102+100+101)/5=102.6: below.
    expect(await close('101')).toBe(0);
    // SMA(3)=(100+101+110)/3=103.67 vs SMA(5)=(104+102+100+101+110)/5=103.4: crosses above.
    expect(await close('110')).toBe(1);
    expect(await close('111')).toBe(0);
  });

  it('does not fire a rule paused or deleted, and forgets its state', async () => {
    const { rules, close } = setup([{ left: 'CLOSE', op: 'ABOVE', right: '100' }], [90]);
    rules.rules[0] = { ...rules.rules[0]!, active: false };
    expect(await close('101')).toBe(0);
  });
});
