import { parseUnits } from '@lib/kernel';
import { type AlertCode, type AlertCondition, type MonitoringConfig, quantileMs } from '@lib/platform';
import type { AdminMetrics, InstanceReport } from './admin.events';
import type { FlowWindow } from './exchange-flow';
import type { GlobalFactsView } from './global-facts';

/** The conditions the alert monitor raises and clears (RECONCILE_MISMATCH is the reconciliation job's own). */
export const MONITORED_ALERTS: readonly AlertCode[] = ['STALE_FEED', 'OUTBOX_LAG', 'EVENT_LOOP_DELAY', 'DATABASE_ERRORS', 'INSURANCE_FUND_LOW'];

const perSecond = (count: number, intervalMs: number): number => Math.round((count * 100_000) / Math.max(1, intervalMs)) / 100;

export interface SnapshotInput {
  /** The latest report of every instance still reporting (this one's included). */
  readonly reports: readonly InstanceReport[];
  readonly flow: FlowWindow;
  readonly facts: GlobalFactsView | null;
  readonly intervalMs: number;
  readonly now: number;
}

/** The `metrics` message: the instances' reports summed (rates, sockets, pools, queues), the worst event loop, the p99 of the merged durations. */
export function adminMetricsOf({ reports, flow, facts, intervalMs, now }: SnapshotInput): AdminMetrics {
  const sockets: Record<string, number> = {};
  const queued: Record<string, number> = {};
  let requests = 0;
  let errors = 0;
  for (const r of reports) {
    for (const [ns, n] of Object.entries(r.sockets)) sockets[ns] = (sockets[ns] ?? 0) + n;
    for (const [symbol, n] of Object.entries(r.queued)) queued[symbol] = (queued[symbol] ?? 0) + n;
    requests += perSecond(r.http.requests, r.intervalMs);
    errors += perSecond(r.http.errors5xx, r.intervalMs);
  }
  return {
    at: new Date(now).toISOString(),
    intervalMs,
    instances: reports.length,
    ordersPerSecond: Math.round(reports.reduce((n, r) => n + perSecond(r.orders, r.intervalMs), 0) * 100) / 100,
    tradesPerSecond: perSecond(flow.trades, intervalMs),
    markets: flow.markets,
    activeUsers: reports.reduce((n, r) => n + r.activeUsers, 0),
    sockets,
    http: { perSecond: Math.round(requests * 100) / 100, p99Ms: quantileMs(reports.map((r) => r.http.durations), 0.99), errorsPerSecond: Math.round(errors * 100) / 100 },
    eventLoop: { p99Ms: Math.max(0, ...reports.map((r) => r.eventLoopP99Ms)) },
    database: {
      inUse: reports.reduce((n, r) => n + r.db.inUse, 0),
      waiting: reports.reduce((n, r) => n + r.db.waiting, 0),
      errors: reports.reduce((n, r) => n + r.db.errors, 0),
    },
    outbox: facts ? { lagRows: facts.outbox.rows, lagMs: facts.outbox.ageMs } : null,
    queuedCommands: queued,
    perps: facts?.perps ?? [],
    feedAgeMs: facts?.feedAgeMs ?? {},
    perInstance: reports.map((r) => ({
      instance: r.instance,
      httpPerSecond: perSecond(r.http.requests, r.intervalMs),
      httpP99Ms: quantileMs([r.http.durations], 0.99),
      eventLoopP99Ms: r.eventLoopP99Ms,
      dbInUse: r.db.inUse,
      dbWaiting: r.db.waiting,
      dbErrors: r.db.errors,
      sockets: r.sockets,
    })),
  };
}

/** Every monitored condition that holds now (each one alert per code and subject). */
export function alertConditionsOf(reports: readonly InstanceReport[], facts: GlobalFactsView, config: MonitoringConfig): AlertCondition[] {
  const conditions: AlertCondition[] = [];
  for (const [symbol, age] of Object.entries(facts.feedAgeMs)) {
    if (age !== null && age <= config.feedStaleMs) continue;
    const message = age === null ? `${symbol} has no price` : `${symbol}'s last price is ${Math.round(age / 1000)} s old (over ${config.feedStaleMs} ms)`;
    conditions.push({ code: 'STALE_FEED', subject: symbol, severity: 'critical', message, details: { symbol, ageMs: age, thresholdMs: config.feedStaleMs } });
  }
  if (facts.outbox.ageMs > config.outboxLagMs) {
    conditions.push({
      code: 'OUTBOX_LAG',
      subject: '',
      severity: 'warning',
      message: `${facts.outbox.rows} event(s) wait to be relayed, the oldest for ${facts.outbox.ageMs} ms (over ${config.outboxLagMs} ms)`,
      details: { rows: facts.outbox.rows, ageMs: facts.outbox.ageMs, thresholdMs: config.outboxLagMs },
    });
  }
  for (const r of reports) {
    if (r.eventLoopP99Ms > config.eventLoopDelayMs) {
      conditions.push({
        code: 'EVENT_LOOP_DELAY',
        subject: r.instance,
        severity: 'warning',
        message: `instance ${r.instance}: event-loop delay p99 ${r.eventLoopP99Ms} ms (over ${config.eventLoopDelayMs} ms)`,
        details: { instance: r.instance, p99Ms: r.eventLoopP99Ms, thresholdMs: config.eventLoopDelayMs },
      });
    }
    if (r.db.errors > 0) {
      conditions.push({
        code: 'DATABASE_ERRORS',
        subject: r.instance,
        severity: 'critical',
        message: `instance ${r.instance}: ${r.db.errors} lost database connection(s) in the last interval`,
        details: { instance: r.instance, errors: r.db.errors },
      });
    }
  }
  const min = parseUnits(config.insuranceFundMin, 18);
  const assets = new Map<string, string>();
  for (const p of facts.perps) assets.set(p.asset, p.insuranceFund);
  for (const [asset, balance] of assets) {
    if (parseUnits(balance, 18) >= min) continue;
    conditions.push({
      code: 'INSURANCE_FUND_LOW',
      subject: asset,
      severity: 'warning',
      message: `the ${asset} insurance fund holds ${balance} (under ${config.insuranceFundMin})`,
      details: { asset, balance, minimum: config.insuranceFundMin },
    });
  }
  return conditions;
}
