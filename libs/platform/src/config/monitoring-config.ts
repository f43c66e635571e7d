/** The settings of the operators' tools: GET /api/metrics and the /admin namespace with its alerts. */

/** The /admin monitoring namespace and its alerts (docs/admin-monitoring.md). */
export interface MonitoringConfig {
  /** ADMIN_METRICS_INTERVAL_MS: how often each instance reports and /admin gets `metrics` (and alerts are evaluated). */
  readonly intervalMs: number;
  /** ADMIN_SESSION_RECHECK_MS: how often the sessions of /admin sockets are checked again (a demoted or suspended admin is disconnected). */
  readonly sessionRecheckMs: number;
  /** ADMIN_ALERTS: evaluate alert conditions (on the admin.alerts lease holder). */
  readonly alertsEnabled: boolean;
  /** ALERT_FEED_STALE_MS: a market whose last price is older than this raises STALE_FEED. */
  readonly feedStaleMs: number;
  /** ALERT_OUTBOX_LAG_MS: an unrelayed outbox event older than this raises OUTBOX_LAG. */
  readonly outboxLagMs: number;
  /** ALERT_EVENT_LOOP_MS: an instance whose event-loop delay p99 over an interval exceeds this raises EVENT_LOOP_DELAY. */
  readonly eventLoopDelayMs: number;
  /** ALERT_INSURANCE_FUND_MIN: an insurance fund (per asset, of a perpetual market's settlement) below this raises INSURANCE_FUND_LOW (decimal). */
  readonly insuranceFundMin: string;
  /** ADMIN_LARGE_TRADE_NOTIONAL: a trade of at least this quote amount is `activity` (decimal, in the market's quote asset). */
  readonly largeTradeNotional: string;
  /** ADMIN_LOGIN_FAILURE_BURST: this many failed logins for one account or one IP within a minute are `activity`. */
  readonly loginFailureBurst: number;
}

/** GET /api/metrics (Prometheus): served or not, and the bearer token it asks for (null: none). */
export interface MetricsConfig {
  readonly enabled: boolean;
  readonly token: string | null;
}
