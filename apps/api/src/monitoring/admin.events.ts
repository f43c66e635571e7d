import type { AlertView } from '@lib/platform';

/**
 * The /admin namespace's messages (docs/admin-monitoring.md, README). Amounts
 * are decimal strings; rates, counts and durations are numbers.
 */

/** One market's trading in the last interval. */
export interface MarketFlow {
  readonly symbol: string;
  readonly trades: number;
  /** Quote volume traded in the interval (exact, in the market's quote asset). */
  readonly quoteVolume: string;
}

/** A perpetual market's open interest and its settlement asset's insurance fund. */
export interface PerpFacts {
  readonly symbol: string;
  readonly asset: string;
  /** Σ of long sizes (= Σ of short sizes when balanced), base units. */
  readonly openInterest: string;
  readonly insuranceFund: string;
}

/** One instance's figures of its last interval, as it reported them. */
export interface InstanceFigures {
  readonly instance: string;
  readonly httpPerSecond: number;
  readonly httpP99Ms: number | null;
  readonly eventLoopP99Ms: number;
  readonly dbInUse: number;
  readonly dbWaiting: number;
  readonly dbErrors: number;
  readonly sockets: Readonly<Record<string, number>>;
}

/** `metrics`, every ADMIN_METRICS_INTERVAL_MS: the whole exchange, aggregated over the instances that reported. */
export interface AdminMetrics {
  readonly at: string;
  readonly intervalMs: number;
  readonly instances: number;
  readonly ordersPerSecond: number;
  readonly tradesPerSecond: number;
  readonly markets: readonly MarketFlow[];
  /** Users with an authenticated request in the last minute (summed over instances: one served by two counts twice). */
  readonly activeUsers: number;
  /** Sockets per namespace, summed. */
  readonly sockets: Readonly<Record<string, number>>;
  readonly http: { readonly perSecond: number; readonly p99Ms: number | null; readonly errorsPerSecond: number };
  /** The worst instance's event-loop delay p99 over the interval. */
  readonly eventLoop: { readonly p99Ms: number };
  readonly database: { readonly inUse: number; readonly waiting: number; readonly errors: number };
  readonly outbox: { readonly lagRows: number; readonly lagMs: number } | null;
  /** Commands waiting or in a running batch, per market (summed). */
  readonly queuedCommands: Readonly<Record<string, number>>;
  readonly perps: readonly PerpFacts[];
  /** Per market: ms since its last price (null: never priced). */
  readonly feedAgeMs: Readonly<Record<string, number | null>>;
  readonly perInstance: readonly InstanceFigures[];
}

export type ActivityKind =
  | 'SIGN_UP'
  | 'LOGIN_FAILURES'
  | 'LARGE_TRADE'
  | 'LIQUIDATION'
  | 'WITHDRAWAL'
  | 'MARKET_HALTED'
  | 'ADMIN_ACTION';

/** `activity`: something an operator watches for. */
export interface AdminActivity {
  readonly kind: ActivityKind;
  readonly at: string;
  /** What happened, in a line. */
  readonly summary: string;
  readonly data: Readonly<Record<string, unknown>>;
}

export type AdminConnectErrorCode = 'UNAUTHENTICATED' | 'TOKEN_EXPIRED' | 'SESSION_REVOKED' | 'ACCOUNT_SUSPENDED' | 'ADMIN_REQUIRED' | 'TOKEN_IN_QUERY';

export interface AdminServerToClientEvents {
  metrics: (message: AdminMetrics) => void;
  activity: (message: AdminActivity) => void;
  alert: (message: AlertView) => void;
  error: (message: { code: AdminConnectErrorCode; message: string }) => void;
}

/** Between instances (the Redis adapter's server-side emits). */
export interface AdminInterServerEvents {
  report: (report: InstanceReport) => void;
  activity: (message: AdminActivity) => void;
}

export interface AdminSocketData {
  userId: string;
  sessionId: string;
  expiresAt: number;
}

/** What an instance sends the others every interval. */
export interface InstanceReport {
  readonly instance: string;
  readonly at: number;
  readonly intervalMs: number;
  readonly http: { readonly requests: number; readonly errors5xx: number; readonly durations: [number, number][] };
  readonly activeUsers: number;
  /** Orders its market turns wrote as new in the interval. */
  readonly orders: number;
  readonly eventLoopP99Ms: number;
  readonly db: { readonly inUse: number; readonly waiting: number; readonly errors: number };
  readonly sockets: Readonly<Record<string, number>>;
  readonly queued: Readonly<Record<string, number>>;
}
