import type { MonitoringConfig } from '@lib/platform';
import type { InstanceReport } from './admin.events';
import { adminMetricsOf, alertConditionsOf } from './admin-snapshot';
import type { GlobalFactsView } from './global-facts';

const CONFIG: MonitoringConfig = {
  intervalMs: 2000,
  sessionRecheckMs: 30_000,
  alertsEnabled: true,
  feedStaleMs: 5000,
  outboxLagMs: 5000,
  eventLoopDelayMs: 200,
  insuranceFundMin: '1000',
  largeTradeNotional: '100000',
  loginFailureBurst: 5,
};

const report = (instance: string, over: Partial<InstanceReport> = {}): InstanceReport => ({
  instance,
  at: 0,
  intervalMs: 2000,
  http: { requests: 0, errors5xx: 0, durations: [] },
  activeUsers: 0,
  orders: 0,
  eventLoopP99Ms: 10,
  db: { inUse: 0, waiting: 0, errors: 0 },
  sockets: {},
  queued: {},
  ...over,
});

const FACTS: GlobalFactsView = {
  outbox: { rows: 0, ageMs: 0 },
  feedAgeMs: { 'BTC-USDT': 100, 'BTC-PERP': 100 },
  perps: [{ symbol: 'BTC-PERP', asset: 'USDT', openInterest: '1.500', insuranceFund: '1000.000000' }],
};

describe('adminMetricsOf', () => {
  it('sums the instances\' rates, sockets, pools and queues, takes the worst event loop and the p99 of the merged durations', () => {
    const a = report('a', { http: { requests: 100, errors5xx: 2, durations: [[10, 99]] }, orders: 40, activeUsers: 3, eventLoopP99Ms: 12, db: { inUse: 2, waiting: 1, errors: 0 }, sockets: { '/user': 3, '/admin': 1 }, queued: { 'BTC-USDT': 2 } });
    const b = report('b', { http: { requests: 300, errors5xx: 0, durations: [[60, 2]] }, orders: 10, activeUsers: 1, eventLoopP99Ms: 30, db: { inUse: 1, waiting: 0, errors: 1 }, sockets: { '/user': 2 }, queued: { 'BTC-USDT': 1, 'ETH-USDT': 4 } });
    const m = adminMetricsOf({ reports: [a, b], flow: { trades: 6, markets: [{ symbol: 'BTC-USDT', trades: 6, quoteVolume: '1234.500000' }] }, facts: FACTS, intervalMs: 2000, now: Date.parse('2026-12-07T10:00:00Z') });
    expect(m).toMatchObject({
      at: '2026-12-07T10:00:00.000Z',
      instances: 2,
      ordersPerSecond: 25,
      tradesPerSecond: 3,
      activeUsers: 4,
      sockets: { '/user': 5, '/admin': 1 },
      http: { perSecond: 200, errorsPerSecond: 1 },
      eventLoop: { p99Ms: 30 },
      database: { inUse: 3, waiting: 1, errors: 1 },
      outbox: { lagRows: 0, lagMs: 0 },
      queuedCommands: { 'BTC-USDT': 3, 'ETH-USDT': 4 },
      markets: [{ symbol: 'BTC-USDT', trades: 6, quoteVolume: '1234.500000' }],
      perps: FACTS.perps,
    });
    // 101 samples: 99 in bucket 10 (~0.4 ms), 2 in bucket 60 (~440 ms): the 100th is in the slow bucket.
    expect(m.http.p99Ms).toBeGreaterThan(400);
    expect(m.perInstance.map((i) => [i.instance, i.httpPerSecond])).toEqual([['a', 50], ['b', 150]]);
  });

  it('answers without facts (no admin sockets) and without reports', () => {
    const m = adminMetricsOf({ reports: [], flow: { trades: 0, markets: [] }, facts: null, intervalMs: 2000, now: 0 });
    expect(m).toMatchObject({ instances: 0, outbox: null, perps: [], feedAgeMs: {}, http: { perSecond: 0, p99Ms: null }, eventLoop: { p99Ms: 0 } });
  });
});

describe('alertConditionsOf', () => {
  it('holds nothing when all is well', () => {
    expect(alertConditionsOf([report('a')], FACTS, CONFIG)).toEqual([]);
  });

  it.each([
    ['a stale market', { ...FACTS, feedAgeMs: { 'BTC-USDT': 5001, 'BTC-PERP': 5000 } }, [], [['STALE_FEED', 'BTC-USDT']]],
    ['a market never priced', { ...FACTS, feedAgeMs: { 'SOL-USDT': null } }, [], [['STALE_FEED', 'SOL-USDT']]],
    ['outbox lag', { ...FACTS, outbox: { rows: 12, ageMs: 5001 } }, [], [['OUTBOX_LAG', '']]],
    ['a slow event loop', FACTS, [{ eventLoopP99Ms: 201 }], [['EVENT_LOOP_DELAY', 'x']]],
    ['lost connections', FACTS, [{ db: { inUse: 0, waiting: 0, errors: 3 } }], [['DATABASE_ERRORS', 'x']]],
    ['an insurance fund under the minimum', { ...FACTS, perps: [{ ...FACTS.perps[0]!, insuranceFund: '999.999999' }] }, [], [['INSURANCE_FUND_LOW', 'USDT']]],
  ] as const)('raises %s', (_name, facts, overrides, expected) => {
    const reports = overrides.length ? overrides.map((o) => report('x', o as Partial<InstanceReport>)) : [report('x')];
    expect(alertConditionsOf(reports, facts as GlobalFactsView, CONFIG).map((c) => [c.code, c.subject])).toEqual(expected);
  });

  it('is exact at the insurance fund minimum (not below: no alert)', () => {
    expect(alertConditionsOf([report('a')], { ...FACTS, perps: [{ ...FACTS.perps[0]!, insuranceFund: '1000.000000' }] }, CONFIG)).toEqual([]);
  });
});
