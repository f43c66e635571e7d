import type { MonitoringConfig, NodeEnv } from './app-config';
import type { EnvReader } from './env-reader';

const DECIMAL = /^(0|[1-9]\d{0,17})(\.\d{1,18})?$/;

/**
 * The /admin monitoring namespace and its alerts (docs/admin-monitoring.md).
 * Alerts are evaluated by default, except under NODE_ENV=test (a suite asks
 * for them with ADMIN_ALERTS=true): a test app has no feed, and its alerts
 * would be noise in every other suite.
 */
export function readMonitoring(e: EnvReader, nodeEnv: NodeEnv): MonitoringConfig {
  const decimal = (name: string, fallback: string): string => {
    const value = e.string(name, fallback);
    if (!DECIMAL.test(value)) e.fail(name, 'must be a non-negative decimal number (e.g. 100000 or 2500.5)');
    return value;
  };
  return {
    intervalMs: e.int('ADMIN_METRICS_INTERVAL_MS', 2_000, 200, 60_000),
    sessionRecheckMs: e.int('ADMIN_SESSION_RECHECK_MS', 30_000, 100, 3_600_000),
    alertsEnabled: e.bool('ADMIN_ALERTS', nodeEnv !== 'test'),
    feedStaleMs: e.int('ALERT_FEED_STALE_MS', 5_000, 100, 86_400_000),
    outboxLagMs: e.int('ALERT_OUTBOX_LAG_MS', 5_000, 100, 86_400_000),
    eventLoopDelayMs: e.int('ALERT_EVENT_LOOP_MS', 200, 1, 60_000),
    insuranceFundMin: decimal('ALERT_INSURANCE_FUND_MIN', '0'),
    largeTradeNotional: decimal('ADMIN_LARGE_TRADE_NOTIONAL', '100000'),
    loginFailureBurst: e.int('ADMIN_LOGIN_FAILURE_BURST', 5, 2, 10_000),
  };
}
